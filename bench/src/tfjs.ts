// The TensorFlow.js side: the 'cpu' backend (plain JS) and the 'wasm' backend (XNNPACK).
// Each run computes inside tf.tidy and reads back with dataSync(), so lazy work is counted and
// intermediates (e.g. the scalar tensor that tf.mul(x, 2.5) makes) are freed.
import * as tf from '@tensorflow/tfjs';
import * as tfwasm from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Case } from './cases';
import type { Prepared } from './ours';

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
export async function prepareTfjs(c: Case, backend: TfBackend): Promise<Prepared> {
  const activate = async () => {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: setBackend('${backend}') failed`);
  };
  await activate();
  const xs = c.inputs.map((i) => tf.tensor(i.data.slice(), i.shape, 'float32'));
  return {
    activate,
    run: () => {
      // Read outside tidy: tidy walks its return value looking for tensors, element by element.
      const y = tf.tidy(() => c.theirs(xs));
      const data = y.dataSync() as Float32Array;
      y.dispose();
      return data;
    },
    dispose: () => tf.dispose(xs),
  };
}
