// The TensorFlow.js sides: the 'cpu' backend (plain JS) and the 'wasm' backend (XNNPACK).
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Case } from './cases';
import { localSide, type Side } from './harness';

export type TfBackend = 'cpu' | 'wasm';

export interface TfInfo {
  version: string;
  wasmSimd: boolean;
  wasmMultithread: boolean;
  wasmThreads: number;
}

/** Points tfjs-wasm at its .wasm files on disk and initialises both backends once. */
export async function initTfjs(): Promise<TfInfo> {
  const require = createRequire(import.meta.url);
  const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  tfwasm.setWasmPaths(dist + path.sep);
  tf.env().set('PROD', true); // skips NaN checks and debug bookkeeping, as a deployed app would
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
  const info: TfInfo = {
    version: tf.version.tfjs,
    wasmSimd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
    wasmMultithread: (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true,
    wasmThreads: tfwasm.getThreadsCount(),
  };
  if (!(await tf.setBackend('cpu'))) throw new Error('tfjs: the cpu backend failed to initialise');
  return info;
}

/** Live tfjs tensors, to check that a case leaves none behind. */
export function tfjsTensorCount(): number {
  return tf.memory().numTensors;
}

// Inputs are created while their backend is active, so they live there and runs never move data.
export async function tfjsSide(c: Case, backend: TfBackend): Promise<Side> {
  const activate = async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: setBackend('${backend}') failed`);
  };
  await activate();
  return localSide(`tfjs-${backend}`, c.tfjs!(), activate);
}
