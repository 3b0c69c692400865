// Option checks with PyTorch's messages ("Invalid learning rate: -1"), followed by what to change.
// PyTorch checks the constructor's options only; @x checks every parameter group's too, since an
// invalid per-group value is as wrong as an invalid default.

export function number(owner: string, option: string, value: unknown): number {
  if (typeof value !== 'number') {
    throw new TypeError(`${owner}: option ${option} must be a number, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** `value >= 0` (NaN fails), else RangeError(`${torchMessage}: ${value}`). */
export function nonNegative(owner: string, option: string, value: unknown, torchMessage: string): void {
  const v = number(owner, option, value);
  if (!(v >= 0)) throw new RangeError(`${torchMessage}: ${v} (${owner}: ${option} must be >= 0)`);
}

export function flag(owner: string, option: string, value: unknown): void {
  if (typeof value !== 'boolean') throw new TypeError(`${owner}: option ${option} must be a boolean, got ${value === null ? 'null' : typeof value}`);
}

/** Adam's betas: two numbers in [0, 1). */
export function betas(owner: string, value: unknown): void {
  if (!Array.isArray(value) || value.length !== 2) {
    throw new TypeError(`${owner}: option betas must be a pair of numbers [beta1, beta2], e.g. [0.9, 0.999], got ${JSON.stringify(value)}`);
  }
  value.forEach((b: unknown, i) => {
    const v = number(owner, `betas[${i}]`, b);
    if (!(v >= 0 && v < 1)) throw new RangeError(`Invalid beta parameter at index ${i}: ${v} (${owner}: betas[${i}] must be in [0, 1))`);
  });
}

export const lr = (owner: string, v: unknown) => nonNegative(owner, 'lr', v, 'Invalid learning rate');
export const eps = (owner: string, v: unknown) => nonNegative(owner, 'eps', v, 'Invalid epsilon value');
export const momentum = (owner: string, v: unknown) => nonNegative(owner, 'momentum', v, 'Invalid momentum value');
export const weightDecay = (owner: string, v: unknown) => nonNegative(owner, 'weightDecay', v, 'Invalid weight_decay value');
