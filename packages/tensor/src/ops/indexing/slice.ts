// Slice strings ('1:3', '::2', '-2:', ':') parsed with Python's rules, as PyTorch's x[a:b:c].

export interface SliceSpec {
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number;
}

const PART = /^\s*([+-]?\d+)?\s*$/;

/** null when `text` is not a slice at all (no ':'); throws for a malformed one. */
export function parseSlice(text: string): SliceSpec | null {
  if (!text.includes(':')) return null;
  const parts = text.split(':');
  const bad = (why: string): never => {
    throw new SyntaxError(`at: invalid slice '${text}': ${why}; expected 'start:stop' or 'start:stop:step' with optional integers, e.g. ':', '1:3', '::2', '-2:', '1:-1:2'`);
  };
  if (parts.length > 3) bad('too many colons');
  const nums = parts.map((p) => {
    const m = PART.exec(p);
    if (m === null) return bad(`'${p.trim()}' is not an integer`);
    return m[1] === undefined ? null : Number(m[1]);
  });
  const step = nums[2] ?? 1;
  // Python rejects a zero step; PyTorch also rejects negative steps (no reversed views).
  if (step === 0) throw new RangeError(`at: slice step cannot be zero (in '${text}')`);
  if (step < 0) throw new RangeError(`at: step must be greater than zero (in '${text}'); use x.flip(dim) to reverse`);
  return { start: nums[0] ?? null, stop: nums[1] ?? null, step };
}
