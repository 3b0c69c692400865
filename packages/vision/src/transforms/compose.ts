// Compose and Lambda: plain function plumbing.
import { fuseSteps } from './fused';
import type { Transform } from './kind';

type AnyTransform = (x: never) => unknown;

/** What the first transform of a list takes (an Image or a tensor for this package's transforms). */
export type ComposeInput<L extends readonly AnyTransform[]> = L extends readonly [infer F extends AnyTransform, ...unknown[]] ? Parameters<F>[0] : unknown;
/** What the last transform of a list returns: `Compose([..., ToTensor(), Normalize(m, s)])` gives a Tensor. */
export type ComposeOutput<L extends readonly AnyTransform[]> = L extends readonly [...unknown[], infer F extends AnyTransform] ? ReturnType<F> : unknown;

/**
 * Applies the transforms in order; the result is typed by the first transform's input and the last one's
 * output (or by explicit type arguments: `Compose<Image, Tensor>([...])`).
 */
export function Compose<const L extends readonly AnyTransform[]>(list: L): Transform<ComposeInput<L>, ComposeOutput<L>>;
export function Compose<I, O>(list: readonly AnyTransform[]): Transform<I, O>;
export function Compose(list: readonly AnyTransform[]): Transform<unknown, unknown> {
  // ToTensor then Normalize runs as one step on an Image (fused.ts): the same values, fewer kernels
  const fns = fuseSteps(list);
  return (x: unknown) => fns.reduce<unknown>((acc, f) => (f as (v: unknown) => unknown)(acc), x);
}

/** A user function as a transform. */
export function Lambda<I, O>(fn: (x: I) => O): Transform<I, O> {
  if (typeof fn !== 'function') throw new TypeError(`Lambda: expected a function, got ${typeof fn}`);
  return (x: I) => fn(x);
}
