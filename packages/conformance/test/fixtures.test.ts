// Checks of the suite itself, with no backend: the fixtures are well formed, cover what issue 2 asks
// for, and every op they name has an entry in the op table.
import { describe, expect, it } from 'vitest';
import {
  FAMILIES,
  OPS,
  close,
  fixtureFilesOnDisk,
  loadFixture,
  type Arg,
  type Case,
  type EncodedTensor,
  type Expected,
} from '../src/index';

const DTYPES = ['float32', 'float64', 'int32', 'int64', 'uint8', 'bool'];
const all: { family: string; c: Case }[] = FAMILIES.flatMap((family) => loadFixture(family).cases.map((c) => ({ family, c })));

function isTensorJson(a: unknown): a is EncodedTensor {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'dtype' in a;
}

function tensorsIn(a: Arg | Expected | null | undefined): EncodedTensor[] {
  if (a === null || a === undefined || typeof a !== 'object') return [];
  if (Array.isArray(a)) return a.flatMap((v) => tensorsIn(v));
  if ('base' in a) return [a.base];
  if (isTensorJson(a)) return [a];
  return [];
}

describe('fixtures', () => {
  it('every file on disk is a listed family', () => {
    expect(fixtureFilesOnDisk()).toEqual([...FAMILIES].sort());
  });

  it('case names are unique', () => {
    const seen = new Set<string>();
    const dups = all.filter(({ c }) => (seen.has(c.name) ? true : (seen.add(c.name), false))).map(({ c }) => c.name);
    expect(dups).toEqual([]);
  });

  it('every op has an entry in the op table', () => {
    const missing = [...new Set(all.map(({ c }) => c.op))].filter((op) => !OPS[op]);
    expect(missing).toEqual([]);
  });

  it('every case expects a result or an error with substrings to look for', () => {
    const bad = all.filter(({ c }) => (c.expect === undefined) === (c.error === undefined) || (c.error && c.error.includes.length === 0));
    expect(bad.map(({ c }) => c.name)).toEqual([]);
  });

  it('every tensor is well formed', () => {
    const problems: string[] = [];
    for (const { c } of all) {
      const tensors = [...tensorsIn(c.args), ...tensorsIn(c.expect), ...tensorsIn(c.grad_out), ...tensorsIn(c.grads as Expected[])];
      for (const t of tensors) {
        const n = t.shape.reduce((a, b) => a * b, 1);
        if (!DTYPES.includes(t.dtype)) problems.push(`${c.name}: dtype ${t.dtype}`);
        if (t.data.length !== n) problems.push(`${c.name}: ${t.data.length} values for shape [${t.shape.join(', ')}]`);
        if (t.dtype === 'bool' && t.data.some((v) => typeof v !== 'boolean')) problems.push(`${c.name}: non-boolean bool data`);
        if (t.dtype !== 'bool' && t.data.some((v) => typeof v === 'boolean')) problems.push(`${c.name}: boolean in ${t.dtype} data`);
        if (t.dtype === 'int64' && t.data.some((v) => typeof v !== 'number' || !Number.isSafeInteger(v))) {
          problems.push(`${c.name}: int64 value outside ±2^53`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers every op of issue 2', () => {
    const ops = new Set(all.map(({ c }) => c.op));
    const required = (
      'neg abs sign exp log log1p expm1 sqrt rsqrt sin cos tanh sigmoid relu floor ceil round trunc reciprocal erf ' +
      'add sub mul div pow remainder maximum minimum atan2 eq ne lt le gt ge logicalAnd logicalOr logicalNot where clamp maskedFill ' +
      'sum mean prod max min amax amin argmax argmin var std logsumexp all any norm matmul mm bmm dot outer ' +
      'cat stack split chunk gather scatter indexSelect repeat tile flip roll tril triu sort topk cumsum ' +
      'view reshape transpose permute unsqueeze squeeze expand narrow flatten unflatten T contiguous at set ' +
      'arange linspace eye full zeros ones tensor'
    ).split(' ');
    expect(required.filter((op) => !ops.has(op))).toEqual([]);
  });

  it('has the full promotion table: every ordered pair of dtypes, for add, div and lt', () => {
    const names = new Set(loadFixture('promotion').cases.map((c) => c.name));
    const short: Record<string, string> = { float32: 'f32', float64: 'f64', int32: 'i32', int64: 'i64', uint8: 'u8', bool: 'b' };
    const missing: string[] = [];
    for (const op of ['add', 'div', 'lt']) {
      for (const a of DTYPES) {
        for (const b of DTYPES) {
          for (const form of ['tensor-tensor', 'tensor-0d', '0d-tensor', '0d-0d']) {
            const name = `${op}/${short[a]}-${short[b]}/${form}`;
            if (!names.has(name)) missing.push(name);
          }
        }
        for (const s of ['int', 'float', 'bool']) {
          if (!names.has(`${op}/${short[a]}-scalar-${s}/tensor`)) missing.push(`${op}/${short[a]}-scalar-${s}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('records gradients for differentiable float cases', () => {
    const withGrads = all.filter(({ c }) => c.grads !== undefined);
    expect(withGrads.length).toBeGreaterThan(1000);
    for (const { c } of withGrads) expect(c.grads!.length).toBe(c.args.length);
  });
});

describe('close()', () => {
  it('uses torch.testing tolerances', () => {
    expect(close(1 + 1e-6, 1, 'float32')).toBe(true);
    expect(close(1 + 1e-4, 1, 'float32')).toBe(false);
    expect(close(1e-6, 0, 'float32')).toBe(true); // atol
    expect(close(1 + 1e-8, 1, 'float64')).toBe(true);
    expect(close(1 + 1e-6, 1, 'float64')).toBe(false);
  });
  it('is exact for integers and booleans', () => {
    expect(close(3, 3, 'int64')).toBe(true);
    expect(close(3.0000001, 3, 'int32')).toBe(false);
    expect(close(1, 0, 'bool')).toBe(false);
  });
  it('treats NaN as equal to NaN and checks the sign of infinities', () => {
    expect(close(NaN, NaN, 'float32')).toBe(true);
    expect(close(0, NaN, 'float32')).toBe(false);
    expect(close(NaN, 0, 'float32')).toBe(false);
    expect(close(Infinity, Infinity, 'float64')).toBe(true);
    expect(close(-Infinity, Infinity, 'float64')).toBe(false);
    expect(close(3e38, Infinity, 'float32')).toBe(false);
  });
  it('checks the sign of zero only when asked', () => {
    expect(close(0, -0, 'float32')).toBe(true);
    expect(close(0, -0, 'float32', true)).toBe(false);
    expect(close(-0, -0, 'float32', true)).toBe(true);
  });
});
