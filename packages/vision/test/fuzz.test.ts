// Seeded, time-bounded fuzzing of the PNG and IDX parsers (issue 9). PNG: 2,500 structure-aware mutants
// whose reference decode (Pillow 9.4) is kept in test/fixtures/png (scripts/png_fixtures.py), plus random
// byte mutants; IDX: random mutants of raw and gzipped files. Every input must be decoded or refused
// with a clean Error naming the API and the input, quickly, without large allocations; an accepted PNG
// must have Pillow's pixels. Counts are printed (inputs, clean errors, crashes, hangs, silent acceptances).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { Generator } from '@x/tensor';
import { Image } from '../src/index';
import { encodeIdx, parseIdx } from '../src/datasets/idx';

const DIR = join(import.meta.dirname, 'fixtures', 'png');
/** An input taking longer than this counts as a hang (generous: CI runs every package's tests at once). */
const HANG_MS = 5000;

interface Tally { inputs: number; accepted: number; cleanErrors: number; crashes: string[]; hangs: number; silentAcceptances: string[]; refusedByReference?: number }

function rng(seed: number): () => number {
  const g = new Generator(seed);
  return () => g.nextFloat64();
}

function mutateBytes(r: () => number, seed: Uint8Array): Uint8Array {
  const b = Uint8Array.from(seed);
  const op = Math.floor(r() * 4);
  if (op === 0) for (let k = 0; k < 1 + r() * 4; k++) b[Math.floor(r() * b.length)] = Math.floor(r() * 256);
  if (op === 1) return b.subarray(0, Math.floor(r() * b.length));
  if (op === 2) { const at = Math.floor(r() * b.length); b.copyWithin(at, Math.floor(r() * b.length)); }
  if (op === 3) for (let k = 0; k < 4; k++) b[Math.floor(r() * b.length)] ^= 1 << Math.floor(r() * 8);
  return b;
}

function record(t: Tally, run: () => void, clean: (e: Error) => boolean, label: string): boolean {
  t.inputs++;
  const t0 = performance.now();
  let ok = false;
  try {
    run();
    ok = true;
    t.accepted++;
  } catch (e) {
    if (e instanceof Error && clean(e)) t.cleanErrors++;
    else t.crashes.push(`${label}: ${String(e instanceof Error ? `${e.name}: ${e.message}` : e).slice(0, 200)}`);
  }
  if (performance.now() - t0 > HANG_MS) t.hangs++;
  return ok;
}

function report(name: string, t: Tally): void {
  const { inputs, accepted, cleanErrors, hangs } = t;
  console.log(`${name}: ${JSON.stringify({ inputs, accepted, cleanErrors, crashes: t.crashes.length, hangs, silentAcceptances: t.silentAcceptances.length, refusedByReference: t.refusedByReference })}`);
}

function expectSound(t: Tally, arrayBuffersBefore: number): void {
  expect(t.crashes).toEqual([]);
  expect(t.silentAcceptances).toEqual([]);
  expect(t.hangs).toBe(0);
  expect(process.memoryUsage().arrayBuffers - arrayBuffersBefore).toBeLessThan(256 * 2 ** 20);
}

it('PNG: Pillow-checked mutants and random byte mutants', () => {
  const before = process.memoryUsage().arrayBuffers;
  const corpus = readFileSync(join(DIR, 'fuzz-corpus.bin'));
  const verdicts = JSON.parse(readFileSync(join(DIR, 'fuzz-reference.json'), 'utf8')) as { mode?: string; width?: number; height?: number; sha256?: string; error?: string }[];
  const t: Tally = { inputs: 0, accepted: 0, cleanErrors: 0, crashes: [], hangs: 0, silentAcceptances: [], refusedByReference: 0 };
  const clean = (e: Error) => /^Image\.open: (cannot decode the given \d+ bytes as PNG: .+ \(the file is truncated, corrupted or not a PNG\)|the given \d+ bytes is \d+x\d+ \(\d+ pixels\), above the limit)/.test(e.message) && !/undefined|waitng|NaN/.test(e.message);
  let at = 0;
  for (let i = 0; at < corpus.length; i++) {
    const n = corpus.readUInt32BE(at);
    const bytes = new Uint8Array(corpus.subarray(at + 4, at + 4 + n));
    at += 4 + n;
    const want = verdicts[i]!;
    let img: Image | null = null;
    const ok = record(t, () => { img = Image.decode(bytes, `the given ${bytes.length} bytes`, 'Image.open'); }, clean, `mutant ${i}`);
    if (!ok) continue;
    const got = img! as Image;
    if (want.error !== undefined) {
      t.refusedByReference!++; // accepted what Pillow refuses: listed, and must still be self-consistent
      expect(got.data.length).toBe(got.width * got.height * got.channels);
      continue;
    }
    const sha = createHash('sha256').update(got.data).digest('hex').slice(0, 32);
    if (got.mode !== want.mode || got.width !== want.width || got.height !== want.height || sha !== want.sha256) {
      t.silentAcceptances.push(`mutant ${i}: ${got.mode} ${got.width}x${got.height} vs Pillow ${want.mode} ${want.width}x${want.height}`);
    }
  }
  expect(t.inputs).toBe(verdicts.length);
  // Random byte mutants of the fixture images (no reference: they must decode consistently or be refused).
  const seeds = readFileSync(join(DIR, 'reference.json'), 'utf8');
  const names = Object.keys(JSON.parse(seeds) as object).sort();
  const r = rng(9);
  const deadline = performance.now() + 3000;
  for (let i = 0; i < 2000 && performance.now() < deadline; i++) {
    const seed = new Uint8Array(readFileSync(join(DIR, 'images', `${names[i % names.length]}.png`)));
    const bytes = mutateBytes(r, seed);
    record(t, () => {
      const img = Image.decode(bytes, `the given ${bytes.length} bytes`, 'Image.open');
      if (img.data.length !== img.width * img.height * img.channels) throw new TypeError('inconsistent image');
    }, clean, `random mutant ${i}`);
  }
  report('PNG', t);
  expectSound(t, before);
  expect(t.inputs).toBeGreaterThan(2600);
});

it('IDX: random mutants of raw and gzipped files', () => {
  const before = process.memoryUsage().arrayBuffers;
  const t: Tally = { inputs: 0, accepted: 0, cleanErrors: 0, crashes: [], hangs: 0, silentAcceptances: [] };
  const seeds = [encodeIdx([5, 4, 3], Uint8Array.from({ length: 60 }, (_, i) => i)), encodeIdx([7], Uint8Array.from([1, 2, 3, 4, 5, 6, 7]))];
  const all = [...seeds, ...seeds.map((s) => new Uint8Array(gzipSync(s)))];
  const clean = (e: Error) => /^IDX: /.test(e.message) && e.message.includes('fuzz-file') && !/undefined|NaN/.test(e.message);
  const r = rng(11);
  const deadline = performance.now() + 3000;
  for (let i = 0; i < 4000 && performance.now() < deadline; i++) {
    const seed = all[i % all.length]!;
    // Gzipped seeds: mutate the raw bytes then gzip half the time (valid streams with bad headers), else the gzip bytes.
    const bytes = i % 4 >= 2 && r() < 0.5 ? new Uint8Array(gzipSync(mutateBytes(r, seeds[i % 2]!))) : mutateBytes(r, seed);
    record(t, () => {
      const { dims, data } = parseIdx(bytes, 'fuzz-file');
      // Accepted: the dims must account for exactly the data (the format has no room for a wrong answer).
      if (data.length !== dims.reduce((a, b) => a * b, 1)) t.silentAcceptances.push(`mutant ${i}: dims [${dims}] over ${data.length} bytes`);
    }, clean, `mutant ${i}`);
  }
  report('IDX', t);
  expectSound(t, before);
  expect(t.inputs).toBeGreaterThan(200);
});
