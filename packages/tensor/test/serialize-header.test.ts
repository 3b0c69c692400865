// The safetensors header reader and writer alone (no tensors, no backend): layout, validation, int64.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_HEADER_BYTES, parseSafetensors } from '../src/serialize/header';
import { writeSafetensors } from '../src/serialize/write';
import { decodeValues, encodeValues } from '../src/serialize/tensor-bytes';

const W = 'torch.load: m.safetensors';

/** A file from a header object (or raw JSON text) and a byte buffer. */
function file(header: object | string, data: Uint8Array | number = 0): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const buf = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + buf.length);
  new DataView(out.buffer).setUint32(0, json.length, true);
  out.set(json, 8);
  out.set(buf, 8 + json.length);
  return out;
}
const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

describe('writeSafetensors', () => {
  it('writes the spec layout: u64 LE length, space-padded JSON, then the data', () => {
    const bytes = writeSafetensors(
      [{ name: 'w', dtype: 'float32', shape: [2], values: new Float32Array([1, -2]) }],
      { format: 'pt' },
      'test',
    );
    const view = new DataView(bytes.buffer);
    const n = view.getUint32(0, true);
    expect(view.getUint32(4, true)).toBe(0);
    expect((8 + n) % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe('{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect([...new Float32Array(bytes.slice(8 + n).buffer)]).toEqual([1, -2]);
  });

  it('lays out widest items first, so every tensor is aligned without padding; keeps "0", "1" names in order', () => {
    const bytes = writeSafetensors(
      [
        { name: '1', dtype: 'uint8', shape: [3], values: new Uint8Array([1, 2, 3]) },
        { name: '0', dtype: 'float32', shape: [1], values: new Float32Array([1]) },
        { name: 'z', dtype: 'int64', shape: [1], values: new Float64Array([-5]) },
      ],
      null,
      'test',
    );
    const parsed = parseSafetensors(bytes, W);
    expect(parsed.entries.map((e) => [e.name, e.begin, e.end])).toEqual([['z', 0, 8], ['0', 8, 12], ['1', 12, 15]]);
    expect(parsed.metadata).toBeNull();
    const text = new TextDecoder().decode(bytes.subarray(8, parsed.dataStart));
    expect(text.indexOf('"z"')).toBeLessThan(text.indexOf('"0"'));
    expect(text.indexOf('"0"')).toBeLessThan(text.indexOf('"1"'));
  });

  it('refuses duplicate names and a tensor named __metadata__', () => {
    const t = { name: 'a', dtype: 'uint8' as const, shape: [0], values: new Uint8Array(0) };
    expect(() => writeSafetensors([t, t], null, 'torch.save')).toThrow(/two tensors are named "a"/);
    expect(() => writeSafetensors([{ ...t, name: '__metadata__' }], null, 'torch.save')).toThrow(/__metadata__/);
  });
});

describe('int64 bytes', () => {
  const roundTrip = (values: number[]) =>
    [...decodeValues(encodeValues(new Float64Array(values), 'int64', 'i', 'w'), 'int64', 'i', 'w')];

  it('are real little-endian int64, exact within ±2^53', () => {
    const values = [0, -1, 1, 2 ** 53, -(2 ** 53), 2 ** 53 - 1, 2 ** 32, -(2 ** 32) - 1, 123456789012345];
    const bytes = encodeValues(new Float64Array(values), 'int64', 'i', 'w');
    const big = new BigInt64Array(bytes.slice().buffer);
    expect([...big]).toEqual(values.map((v) => BigInt(v)));
    expect(roundTrip(values)).toEqual(values);
  });

  it('refuse on load a value beyond ±2^53, naming the tensor and the value', () => {
    for (const v of [2n ** 53n + 1n, -(2n ** 53n) - 1n, 2n ** 63n - 1n, -(2n ** 63n)]) {
      const bytes = new Uint8Array(new BigInt64Array([0n, v]).buffer);
      expect(() => decodeValues(bytes, 'int64', 'step', W)).toThrow(
        `${W}: tensor "step" (int64) holds ${v} at flat index 1, beyond ±2^53`,
      );
    }
  });

  it('write -2^63 exactly and refuse what is no int64 on save', () => {
    const bytes = encodeValues(new Float64Array([-(2 ** 63)]), 'int64', 'i', 'w');
    expect(new BigInt64Array(bytes.slice().buffer)[0]).toBe(-(2n ** 63n));
    expect(() => encodeValues(new Float64Array([2 ** 63]), 'int64', 'n', 'torch.save')).toThrow(/tensor "n" \(int64\) holds 9223372036854776000/);
    expect(() => encodeValues(new Float64Array([0.5]), 'int64', 'n', 'torch.save')).toThrow(/not an int64 value/);
  });

  it('bool bytes other than 0 and 1 read as true', () => {
    expect([...decodeValues(new Uint8Array([0, 1, 2, 255]), 'bool', 'b', 'w')]).toEqual([0, 1, 1, 1]);
  });
});

describe('parseSafetensors validation', () => {
  const cases: [string, Uint8Array, string | RegExp][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5), 'the file is 5 bytes long, too short for a safetensors file'],
    ['a header length past the end', (() => { const b = file({}); new DataView(b.buffer).setUint32(0, 999, true); return b; })(), 'the header length 999 runs past the end of the file (10 bytes)'],
    ['a header length above 100 MB', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setUint32(4, 1, true); return b; })(), `the header length 4294967296 is above safetensors' limit of ${MAX_HEADER_BYTES} bytes`],
    ['a header that is not an object', file('[1, 2]'), "the header does not start with '{'"],
    ['invalid JSON', file('{"a": '), /the header is not valid JSON/],
    ['an unknown dtype', file({ x: { dtype: 'Q7', shape: [1], data_offsets: [0, 1] } }, 1), 'tensor "x": unknown dtype string "Q7" (supported: F32, F64, I32, I64, U8, BOOL, F16, BF16, I8, I16)'],
    ['a dtype @x lacks', file({ x: { dtype: 'U16', shape: [1], data_offsets: [0, 2] } }, 2), 'tensor "x": dtype U16 is not supported (supported: F32, F64, I32, I64, U8, BOOL, F16, BF16, I8, I16); convert it in Python first'],
    ['an F16 tensor of the wrong size', file({ x: { dtype: 'F16', shape: [2], data_offsets: [0, 2] } }, 2), 'tensor "x": data_offsets [0, 2] hold 2 bytes, but shape [2] of F16 needs 4'],
    ['a negative size', file({ x: f32([-1], 0, 0) }), 'tensor "x": shape [-1] must hold non-negative integers'],
    ['a fractional size', file({ x: f32([1.5], 0, 6) }, 6), 'tensor "x": shape [1.5] must hold non-negative integers'],
    ['a size as a string', file({ x: f32(['2'] as unknown as number[], 0, 8) }, 8), 'tensor "x": shape ["2"] must hold non-negative integers'],
    ['offsets not a pair', file({ x: { dtype: 'U8', shape: [1], data_offsets: [0] } }, 1), 'tensor "x": data_offsets [0] must be [begin, end], two non-negative integers'],
    ['offsets reversed', file({ x: { dtype: 'U8', shape: [1], data_offsets: [1, 0] } }, 1), 'tensor "x": data_offsets [1, 0] end before they begin'],
    ['offsets past the buffer', file({ x: f32([2], 0, 8) }, 4), 'tensor "x": data_offsets [0, 8] run past the end of the byte buffer (4 bytes): the file is truncated'],
    ['a byte count that does not match the shape', file({ x: f32([3], 0, 8) }, 8), 'tensor "x": data_offsets [0, 8] hold 8 bytes, but shape [3] of F32 needs 12'],
    ['a huge shape', file({ x: f32([2 ** 40, 2 ** 40], 0, 4) }, 4), 'tensor "x": data_offsets [0, 4] hold 4 bytes, but shape [1099511627776, 1099511627776] of F32 needs 4835703278458516698824704'],
    ['overlapping tensors', file({ a: f32([2], 0, 8), b: f32([1], 4, 8) }, 8), 'tensor "b" (bytes 4..8) overlaps tensor "a" (bytes 0..8)'],
    ['a hole', file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12), 'bytes 4..8 of the byte buffer belong to no tensor (a hole before tensor "b")'],
    ['trailing bytes', file({ a: f32([1], 0, 4) }, 6), 'bytes 4..6 at the end of the byte buffer belong to no tensor'],
    ['metadata not an object', file({ __metadata__: [1] }), '__metadata__ is an array, expected an object of strings'],
    ['a metadata value not a string', file({ __metadata__: { epoch: 3 } }), '__metadata__["epoch"] is number "3", expected a string'],
    ['an entry not an object', file({ a: 3 }), 'tensor "a": expected {dtype, shape, data_offsets}, got number "3"'],
    ['too many dims', file({ a: { dtype: 'U8', shape: new Array(65).fill(1), data_offsets: [0, 1] } }, 1), 'tensor "a": shape has 65 dimensions (at most 64 are supported)'],
  ];
  for (const [what, bytes, message] of cases) {
    it(`refuses ${what}`, () => {
      let error: unknown;
      try {
        parseSafetensors(bytes, W);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      const text = (error as Error).message;
      expect(text.startsWith(`${W}: `)).toBe(true);
      if (typeof message === 'string') expect(text).toContain(message);
      else expect(text).toMatch(message);
    });
  }

  it('refuses bytes that are not UTF-8', () => {
    const b = file('{"a":1}');
    b[10] = 0xff;
    expect(() => parseSafetensors(b, W)).toThrow(`${W}: the header is not valid UTF-8`);
  });

  it('accepts zero-size tensors anywhere, an empty buffer, null metadata and trailing spaces', () => {
    const parsed = parseSafetensors(
      file(`{"__metadata__":null,"e":{"dtype":"F32","shape":[0,3],"data_offsets":[4,4]},"a":${JSON.stringify(f32([1], 0, 4))},"z":{"dtype":"I64","shape":[0],"data_offsets":[0,0]}}    `, 4),
      W,
    );
    expect(parsed.entries.map((e) => e.name)).toEqual(['z', 'a', 'e']);
    expect(parsed.metadata).toBeNull();
    expect(parseSafetensors(file({}), W).entries).toEqual([]);
  });

  it('reads the headers Python wrote (tests/fixtures/serialize, from scripts/safetensors_goldens.py)', () => {
    const dir = new URL('./fixtures/serialize/', import.meta.url);
    const expected = JSON.parse(readFileSync(new URL('python-expected.json', dir), 'utf8')) as Record<
      string,
      { order: string[]; metadata: Record<string, string> | null; tensors: Record<string, { dtype: string; shape: number[] }> }
    >;
    for (const [name, want] of Object.entries(expected)) {
      const parsed = parseSafetensors(readFileSync(new URL(name, dir)), W);
      expect(parsed.entries.map((e) => e.name)).toEqual(want.order);
      expect(parsed.entries.map((e) => [e.dtype, e.shape])).toEqual(want.order.map((k) => [want.tensors[k]!.dtype, want.tensors[k]!.shape]));
      expect(parsed.metadata === null ? null : { ...parsed.metadata }).toEqual(want.metadata);
    }
  });
});
