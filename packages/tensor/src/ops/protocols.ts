// JavaScript's protocols on tensors, as Python's on PyTorch's: `for (const row of x)` walks dim 0
// (`for row in x`), and a one-element tensor converts to a number (`+t`, `Number(t)`, `t > 0.5`,
// `total += loss`, as `float(t)`) where the device reads synchronously.
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';
import { canReadSync } from '../caps';
import { readSync } from './read';
import { select } from './views';
import { nameGradFn } from '../autograd-hook';

/** The sub-tensors along dim 0, as views (PyTorch iterates `x.unbind(0)`, so their gradFn is UnbindBackward0). */
function* rows(x: Tensor): Generator<Tensor, void, undefined> {
  const n = x.shape[0]!;
  for (let i = 0; i < n; i++) yield nameGradFn(select(x, 0, i), 'UnbindBackward0', x);
}

function iterateRows(this: Tensor): Iterator<Tensor> {
  return rows(this);
}

/**
 * The getter of `Tensor.prototype[Symbol.iterator]`. A 0-d tensor has no iterator at all, so `for...of`
 * over one is JavaScript's TypeError ('... is not iterable'; PyTorch's is 'iteration over a 0-d
 * tensor'), and test frameworks' deep equality (`expect(a).toEqual(b)`), which walks anything
 * iterable, still compares 0-d tensors as objects instead of failing on them.
 */
export function iteratorOf(this: Tensor): (() => Iterator<Tensor>) | undefined {
  return this.ndim === 0 ? undefined : iterateRows;
}

/**
 * `Symbol.toPrimitive`: the printed form for a string (String(t), template literals: unchanged), the
 * value of a one-element tensor for a number (bool as 0 or 1). A tensor of several elements, or one on
 * a device that cannot be read synchronously, is a TypeError that says what to do instead.
 */
export function toPrimitive(x: Tensor, hint: string): string | number {
  if (hint === 'string') return x.toString();
  if (x.numel() !== 1) {
    throw new TypeError(
      `only one element tensors can be converted to numbers, but this one has shape ${formatShape(x.shape)} (${x.numel()} elements); ` +
        'read an element with x.at(i).item() or all of them with await x.tolist()',
    );
  }
  if (!canReadSync(x.device)) {
    throw new TypeError(`a tensor on device '${x.device}' cannot be read synchronously, so it cannot be used as a number here: use await t.item()`);
  }
  return Number(readSync(x, 'itemSync')[0]);
}
