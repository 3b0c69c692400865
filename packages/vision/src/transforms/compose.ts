// Compose and Lambda: plain function plumbing.
import type { Transform } from './kind';

type AnyTransform = (x: never) => unknown;

/** Applies the transforms in order. */
export function Compose<I = unknown, O = unknown>(list: readonly AnyTransform[]): Transform<I, O> {
  const fns = [...list];
  return (x: I) => fns.reduce<unknown>((acc, f) => (f as (v: unknown) => unknown)(acc), x) as O;
}

/** A user function as a transform. */
export function Lambda<I, O>(fn: (x: I) => O): Transform<I, O> {
  if (typeof fn !== 'function') throw new TypeError(`Lambda: expected a function, got ${typeof fn}`);
  return (x: I) => fn(x);
}
