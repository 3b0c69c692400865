// The PyTorch golden cases of the losses (scripts/losses_fixtures.py → fixtures/losses.json) and the
// replay of one case on a device: the loss from the functional form and from the module, then the
// gradients of the input (and of a floating target) after backward.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { buildTensor, decodeValue, type EncodedTensor } from '@x/conformance';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

type Options = Record<string, EncodedTensor | number | string>;

export interface LossCase {
  name: string;
  fn: LossFn;
  dtype: 'float32' | 'float64';
  input: EncodedTensor;
  target: EncodedTensor;
  options: Options;
  expect: EncodedTensor;
  gradOut?: EncodedTensor;
  grad?: EncodedTensor;
  targetGrad?: EncodedTensor;
}

export interface LossErrorCase {
  name: string;
  fn: LossFn;
  input: EncodedTensor;
  target: EncodedTensor;
  options: Options;
  torch: string;
  includes: string[];
}

export interface LossFixture {
  torch: string;
  count: number;
  cases: LossCase[];
  errors: LossErrorCase[];
}

export type LossFn = keyof typeof FUNCTIONS;

const F = nn.functional;
type Fn = (input: torch.Tensor, target: torch.Tensor, options?: never) => torch.Tensor;
export const FUNCTIONS = {
  mseLoss: F.mseLoss,
  l1Loss: F.l1Loss,
  smoothL1Loss: F.smoothL1Loss,
  huberLoss: F.huberLoss,
  binaryCrossEntropy: F.binaryCrossEntropy,
  binaryCrossEntropyWithLogits: F.binaryCrossEntropyWithLogits,
  crossEntropy: F.crossEntropy,
  nllLoss: F.nllLoss,
} as const;

type LossClass = new (options?: never) => nn.Loss;
export const MODULES: Record<LossFn, LossClass> = {
  mseLoss: nn.MSELoss,
  l1Loss: nn.L1Loss,
  smoothL1Loss: nn.SmoothL1Loss,
  huberLoss: nn.HuberLoss,
  binaryCrossEntropy: nn.BCELoss,
  binaryCrossEntropyWithLogits: nn.BCEWithLogitsLoss,
  crossEntropy: nn.CrossEntropyLoss,
  nllLoss: nn.NLLLoss,
};

export function loadLossFixture(): LossFixture {
  return JSON.parse(readFileSync(new URL('./fixtures/losses.json', import.meta.url), 'utf8')) as LossFixture;
}

export function decodeOptions(options: Options, device: torch.Device): Record<string, torch.Tensor | number | string> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, typeof v === 'object' ? buildTensor(v, device) : v]));
}

export const callFunctional = (fn: LossFn, input: torch.Tensor, target: torch.Tensor, options: object): torch.Tensor =>
  (FUNCTIONS[fn] as unknown as Fn)(input, target, options as never);

export const callModule = (fn: LossFn, input: torch.Tensor, target: torch.Tensor, options: object): torch.Tensor =>
  new MODULES[fn](options as never).forward(input, target);

/**
 * rtol 1e-5 / 1e-10; atol is one rounding of the tensor's largest value, for entries that cancel to
 * (near) 0: PyTorch's BCEWithLogits gradient σ(20) - 1 rounds to 0 in float32, where ours keeps -2e-9.
 */
export const TOL = { float32: { rtol: 1e-5, atol: 1e-7 }, float64: { rtol: 1e-10, atol: 1e-15 } } as const;

/** Element-wise comparison: NaN equals NaN, infinities must match, else |a - e| <= atol·scale + rtol·|e|. */
export async function expectClose(actual: torch.Tensor | null, expected: EncodedTensor, what: string, dtype: 'float32' | 'float64'): Promise<void> {
  if (!actual) throw new Error(`${what}: no tensor (null)`);
  const shape = (s: readonly number[]) => `[${s.join(', ')}]`;
  if (actual.dtype !== expected.dtype) throw new Error(`${what}: dtype ${actual.dtype}, expected ${expected.dtype}`);
  if (shape(actual.shape) !== shape(expected.shape)) throw new Error(`${what}: shape ${shape(actual.shape)}, expected ${shape(expected.shape)}`);
  const got = Array.from(await actual.dataAsync(), Number);
  const want = expected.data.map((v) => Number(decodeValue(v)));
  // atol scales with the largest finite expected magnitude: a gradient of 1e11 next to one of 0.1 (BCE at 0 and 1)
  const scale = Math.max(1, ...want.filter(Number.isFinite).map(Math.abs));
  const { rtol, atol } = TOL[dtype];
  const bad: string[] = [];
  want.forEach((e, i) => {
    const a = got[i]!;
    const ok = Number.isNaN(e) ? Number.isNaN(a) : !Number.isFinite(e) || !Number.isFinite(a) ? a === e : Math.abs(a - e) <= atol * scale + rtol * Math.abs(e);
    if (!ok) bad.push(`[${i}] got ${a}, expected ${e}`);
  });
  if (bad.length) throw new Error(`${what}: ${bad.length} of ${want.length} values differ (rtol ${rtol}, atol ${atol}·${scale}):\n  ${bad.slice(0, 8).join('\n  ')}`);
}

/** Runs one golden case on `device`: functional value and gradients, then the module's value. */
export async function replayCase(c: LossCase, device: torch.Device): Promise<void> {
  const input = buildTensor(c.input, device).requiresGrad_();
  const target = buildTensor(c.target, device);
  const floatTarget = target.dtype === 'float32' || target.dtype === 'float64';
  if (floatTarget) target.requiresGrad_();
  const options = decodeOptions(c.options, device);
  const loss = callFunctional(c.fn, input, target, options);
  expect(loss.device).toBe(device);
  await expectClose(loss, c.expect, `${c.name}: loss`, c.dtype);
  if (c.grad) {
    if (c.gradOut) loss.backward(buildTensor(c.gradOut, device));
    else loss.backward();
    await expectClose(input.grad, c.grad, `${c.name}: input.grad`, c.dtype);
    if (c.targetGrad && !targetGradDiffers(c)) await expectClose(target.grad, c.targetGrad, `${c.name}: target.grad`, c.dtype);
  }
  const viaModule = torch.noGrad(() => callModule(c.fn, input.detach(), target.detach(), options));
  await expectClose(viaModule, c.expect, `${c.name}: module loss`, c.dtype);
}

/**
 * Target gradients that differ from PyTorch's on purpose (the input's always match):
 * - binaryCrossEntropy at an input of exactly 0 or 1: PyTorch gives ±inf (-logit(x)); ours is the
 *   derivative of the clamped loss, ±100·w (documented in the function).
 * - smoothL1Loss with beta 0 at a tie (input == target): PyTorch gives -1 to the input AND to the
 *   target (its kernel runs with the arguments swapped); one formula gives them opposite signs, and
 *   we keep PyTorch's for the input.
 */
export function targetGradDiffers(c: LossCase): boolean {
  if (c.fn === 'binaryCrossEntropy') return c.input.data.some((v) => v === 0 || v === 1);
  if (c.fn === 'smoothL1Loss' && c.options.beta === 0) return c.input.data.some((v, i) => v === c.target.data[i]);
  return false;
}
