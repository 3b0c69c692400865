// The .pt reader against hostile input (seeded, a few seconds): mutated real checkpoints (whole archives,
// and pickles re-zipped with valid CRCs so the mutations reach the unpickler), truncations, zip bombs, huge
// declared sizes, cyclic memo references, prototype-polluting keys, deep nesting and opcode soup. Each
// input must load or throw an Error that starts with the call's name; none may crash (any other throw),
// hang (10 s, twice) or allocate far more than it holds. The counts are printed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '../src/index';
import * as torch from '@x/tensor';
import { Generator } from '@x/tensor';
import { writeZip } from '../../tensor/src/serialize/pt/zip-write';

const dir = new URL('../../tensor/test/fixtures/pt/', import.meta.url);
const seeds = ['shared.pth', 'dtypes.pth', 'checkpoint.pth', 'batchnorm.pth', 'parameters.pth', 'big-endian.pth', 'js-checkpoint.pth', 'js-half.pth', 'evil.pth']
  .map((name) => new Uint8Array(readFileSync(new URL(name, dir))));
const legacy = new Uint8Array(readFileSync(new URL('legacy.pth', dir))); // not a zip: flipped and truncated only

/** The archive's entries (our own reader is what is under test, so a plain walk of the local headers). */
function entriesOf(zip: Uint8Array): { name: string; data: Uint8Array }[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const out: { name: string; data: Uint8Array }[] = [];
  for (let at = 0; view.getUint32(at, true) === 0x04034b50; ) {
    const size = view.getUint32(at + 18, true), n = view.getUint16(at + 26, true), e = view.getUint16(at + 28, true);
    out.push({ name: new TextDecoder().decode(zip.subarray(at + 30, at + 30 + n)), data: zip.slice(at + 30 + n + e, at + 30 + n + e + size) });
    at += 30 + n + e + size;
  }
  return out;
}

const zipFail = (msg: string): never => { throw new Error(msg); };
function withPickle(seed: Uint8Array, pickle: Uint8Array): Uint8Array {
  return writeZip(entriesOf(seed).map((e) => (e.name.endsWith('/data.pkl') ? { name: e.name, data: pickle } : e)), zipFail);
}
const pickleOf = (seed: Uint8Array): Uint8Array => entriesOf(seed).find((e) => e.name.endsWith('/data.pkl'))!.data;
const bytes = (...parts: (number[] | string)[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));
const u32 = (v: number): number[] => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];

/** Hand-made hostile pickles and archives. */
function crafted(): Uint8Array[] {
  const sd = seeds[0]!;
  const pk = (...ops: (number[] | string)[]): Uint8Array => withPickle(sd, bytes([0x80, 2], ...ops, [0x2e]));
  const out: Uint8Array[] = [
    pk([0x5d, 0x71, 0], [0x68, 0], [0x61]), // a list containing itself (cyclic memo reference)
    pk([0x7d, 0x71, 0], [0x68, 0], [0x58], u32(9), '__proto__', [0x68, 0], [0x73]), // a dict holding itself under __proto__
    pk([0x7d, 0x28], [0x58], u32(9), '__proto__', [0x58], u32(8), 'polluted', [0x58], u32(11), 'constructor', [0x7d], [0x75]),
    pk(Array(100_000).fill(0x28), [0x4e]), // 100,000 MARKs: ends inside a mark
    pk(...Array(50_000).fill([0x5d, 0x71, 0]), [0x4e]), // a deep memo churn
    pk([0x8b], u32(0x7fffffff)), // LONG4 of 2 GB
    pk([0x8d], u32(0xffffffff), u32(0xff)), // BINUNICODE8 of 2^40 bytes
    pk([0x68, 200]), // BINGET of nothing
    pk([0x6a], u32(0xfffffff0)), // LONG_BINGET of nothing
    pk([0x72], u32(0xffffffff)), // LONG_BINPUT on an empty stack
    pk('cos\nsystem\n', [0x58], u32(2), 'id', [0x85, 0x52]), // os.system('id')
    pk('\x93'), // STACK_GLOBAL on an empty stack
    pk([0x58], u32(8), 'builtins', [0x58], u32(4), 'eval', [0x93]), // STACK_GLOBAL builtins.eval
    pk('ctorch._utils\n_rebuild_tensor_v2\n(', '(', [0x58], u32(7), 'storage', 'ctorch\nFloatStorage\n', [0x58], u32(1), '0', [0x58], u32(3), 'cpu', [0x4a], u32(0x7fffffff), 't', [0x51], [0x4b, 0], '(', [0x4a], u32(0x7fffffff), 't(', [0x4b, 1], 't', [0x89], 'ccollections\nOrderedDict\n)R', 'tR'), // a huge declared storage
    pk('ctorch._utils\n_rebuild_tensor_v2\n(', '(', [0x58], u32(7), 'storage', 'ctorch\nFloatStorage\n', [0x58], u32(1), '0', [0x58], u32(3), 'cpu', [0x4b, 12], 't', [0x51], [0x4b, 0], '(', [0x4a], u32(1 << 30), [0x4a], u32(1 << 30), 't(', [0x4b, 1], [0x4b, 1], 't', [0x89], 'ccollections\nOrderedDict\n)R', 'tR'), // a [2^30, 2^30] view past its storage
    pk('ctorch._utils\n_rebuild_tensor_v2\n(', '(', [0x58], u32(7), 'storage', 'ctorch\nFloatStorage\n', [0x58], u32(1), '0', [0x58], u32(3), 'cpu', [0x4b, 12], 't', [0x51], [0x4b, 0], '(', [0x4a], u32(1 << 26), [0x4a], u32(1 << 26), 't(', [0x4b, 0], [0x4b, 0], 't', [0x89], 'ccollections\nOrderedDict\n)R', 'tR'), // a 2^52-element stride-0 view: a view, not an allocation
  ];
  // A zip bomb: the storage entry claims deflate (method 8) and a 2^40-byte size in a zip64 field.
  const bomb = sd.slice();
  const view = new DataView(bomb.buffer);
  const cd = view.getUint32(bomb.length - 6, true);
  view.setUint16(cd + 10, 8, true);
  out.push(bomb);
  const huge = sd.slice();
  new DataView(huge.buffer).setUint32(cd + 24, 0xffffffff, true);
  out.push(huge);
  const count = sd.slice();
  new DataView(count.buffer).setUint16(count.length - 12, 0xffff, true); // 65535 entries declared
  out.push(count);
  return out;
}

type Outcome = 'loaded' | 'clean error' | 'crash' | 'hang' | 'over-allocation';

function attempt(input: Uint8Array): { outcome: Outcome; detail?: string } {
  const before = process.memoryUsage();
  const start = performance.now();
  let outcome: Outcome = 'loaded';
  let detail: string | undefined;
  try {
    torch.loadBytes(input);
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('torch.loadBytes')) outcome = 'clean error';
    else { outcome = 'crash'; detail = e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack}` : String(e); }
  }
  const ms = performance.now() - start;
  const after = process.memoryUsage();
  const grown = after.heapUsed - before.heapUsed + after.arrayBuffers - before.arrayBuffers;
  if (outcome !== 'crash' && ms > 10_000) return { outcome: 'hang', detail: `${ms.toFixed(0)} ms` }; // a hang, not slowness: CI machines are loaded
  if (outcome !== 'crash' && grown > 64 * 2 ** 20 + 16 * input.length) return { outcome: 'over-allocation', detail: `${(grown / 2 ** 20).toFixed(0)} MB for ${input.length} bytes` };
  return { outcome, detail };
}

describe('the .pt reader under fuzzing', () => {
  it('never crashes, hangs or over-allocates: it loads or refuses cleanly', () => {
    const g = new Generator(2026);
    const rand = (n: number): number => Math.floor(g.nextFloat64() * n);
    const inputs: Uint8Array[] = [...seeds, legacy, ...crafted()];
    for (let i = 0; i < 60; i++) {
      const m = legacy.slice(0, i % 2 === 0 ? legacy.length : rand(legacy.length));
      for (let k = i % 2 === 0 ? 1 + rand(4) : 0; k > 0; k--) m[rand(m.length)] = rand(256);
      inputs.push(m);
    }
    // PT_FUZZ_SCALE=30 for a long local run (CI runs the seeded 300).
    for (let i = 0; i < 300 * Number(process.env.PT_FUZZ_SCALE ?? 1); i++) {
      const seed = seeds[rand(seeds.length)]!;
      const kind = rand(4);
      if (kind === 0) { // flip bytes anywhere (the CRC catches most)
        const m = seed.slice();
        for (let k = 1 + rand(8); k > 0; k--) m[rand(m.length)] = rand(256);
        inputs.push(m);
      } else if (kind === 1) { // truncate
        inputs.push(seed.slice(0, rand(seed.length)));
      } else if (kind === 2) { // mutate the pickle, re-zip with valid CRCs
        const p = pickleOf(seed).slice();
        for (let k = 1 + rand(6); k > 0; k--) {
          const at = rand(p.length);
          if (rand(3) === 0) p[at] = [0x28, 0x2e, 0x52, 0x62, 0x68, 0x71, 0x51, 0x8a, 0x58, 0x75, 0x65][rand(11)]!; // an opcode
          else p[at] = rand(256);
        }
        inputs.push(withPickle(seed, rand(5) === 0 ? p.subarray(0, rand(p.length)) : p));
      } else { // opcode soup after a valid header
        const soup = new Uint8Array(2 + rand(200));
        soup[0] = 0x80; soup[1] = 2;
        for (let k = 2; k < soup.length; k++) soup[k] = rand(3) === 0 ? [0x28, 0x5d, 0x7d, 0x29, 0x4e, 0x71, 0x68, 0x61, 0x73, 0x75, 0x74, 0x52, 0x2e][rand(13)]! : rand(256);
        inputs.push(withPickle(seed, soup));
      }
    }
    const counts: Record<Outcome, number> = { loaded: 0, 'clean error': 0, crash: 0, hang: 0, 'over-allocation': 0 };
    const problems: string[] = [];
    for (const input of inputs) {
      let { outcome, detail } = attempt(input);
      // A slow input is tried again: a hang is slow every time, a GC pause or a busy machine is not.
      if (outcome === 'hang') ({ outcome, detail } = attempt(input));
      counts[outcome]++;
      if (outcome === 'crash' || outcome === 'hang' || outcome === 'over-allocation') problems.push(`${outcome} (input ${inputs.indexOf(input)} of ${input.length} bytes): ${detail}`);
    }
    expect(({}) as Record<string, unknown>).not.toHaveProperty('polluted');
    expect(Object.prototype).not.toHaveProperty('polluted');
    console.log(`pt fuzz: ${inputs.length} inputs: ${counts.loaded} loaded, ${counts['clean error']} clean errors, ${counts.crash} crashes, ${counts.hang} hangs, ${counts['over-allocation']} over-allocations`);
    expect(problems.slice(0, 5)).toEqual([]);
    expect(counts['clean error']).toBeGreaterThan(inputs.length / 2);
  });

  it('a key "__proto__" stays data; a cyclic list is itself', () => {
    const sd = seeds[0]!;
    const cyclic = torch.loadBytes(withPickle(sd, bytes([0x80, 2, 0x5d, 0x71, 0, 0x68, 0, 0x61, 0x2e]))) as unknown[];
    expect(cyclic[0]).toBe(cyclic);
    const d = torch.loadBytes(withPickle(sd, bytes([0x80, 2, 0x7d, 0x28, 0x58], u32(9), '__proto__', [0x4b, 1, 0x75, 0x2e]))) as Record<string, unknown>;
    expect(Object.getPrototypeOf(d)).toBe(Object.prototype);
    expect(Object.keys(d)).toEqual(['__proto__']);
  });
});
