// The golden fixture files (written by scripts/generate_fixtures.py) and their JSON format.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DType } from '@x/tensor';

/** A number in tensor data: non-finite values and -0 are strings, since JSON has no spelling for them. */
export type EncodedValue = number | boolean | 'nan' | 'inf' | '-inf' | '-0';

/** A dense tensor: `data` is flat, row-major. int64 values stay within ±2^53. */
export interface EncodedTensor {
  dtype: DType;
  shape: number[];
  data: EncodedValue[];
}

/** A view step the runner applies to a base tensor to get a non-contiguous input. */
export type ViewStep =
  | ['transpose', number, number]
  | ['permute', number[]]
  | ['expand', number[]]
  | ['slice', number, number, number, number]; // dim, start, stop, step: x[..., start:stop:step]

export interface ViewTensor {
  base: EncodedTensor;
  view: ViewStep[];
}

/** A JS-number argument that JSON cannot hold: NaN, ±Infinity, -0. */
export interface EncodedNumber {
  num: 'nan' | 'inf' | '-inf' | '-0';
}

export type Arg = EncodedTensor | ViewTensor | EncodedNumber | number | boolean | string | null | Arg[];

export type Expected = EncodedTensor | number | boolean | Expected[];

export interface ExpectedError {
  /** PyTorch's message (first line), for the reader. */
  torch: string;
  /** Substrings our message must contain (compared case-insensitively). */
  includes: string[];
}

export interface Case {
  name: string;
  op: string;
  args: Arg[];
  kwargs?: Record<string, Arg>;
  expect?: Expected;
  error?: ExpectedError;
  /** Compare the sign of zeros too (otherwise 0 and -0 are equal, as in torch.testing). */
  signed_zeros?: boolean;
  note?: string;
  /** The upstream gradient given to out.backward(); a list (null for non-differentiable outputs) when the op returns several. */
  grad_out?: Expected | null;
  /** PyTorch's gradient for each argument: a tensor for a floating input (of its base, for a view input), else null. */
  grads?: (Expected | null)[];
}

export interface FixtureFile {
  family: string;
  torch: string;
  count: number;
  cases: Case[];
}

/** The families, in the order the suite runs them. */
export const FAMILIES = [
  'creation',
  'unary',
  'binary',
  'compare',
  'promotion',
  'reduce',
  'linalg',
  'shape',
  'index',
  'sort',
  'errors',
  'nn-conv',
  'nn-pool',
  'softmax',
  'diagonal',
  'einsum',
  'index-lists',
  'tensor-new',
  'protocols',
] as const;
export type Family = (typeof FAMILIES)[number];

export const FIXTURE_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function loadFixture(family: string): FixtureFile {
  const file = JSON.parse(readFileSync(`${FIXTURE_DIR}${family}.json`, 'utf8')) as FixtureFile;
  if (file.family !== family || !Array.isArray(file.cases) || file.cases.length !== file.count) {
    throw new Error(`conformance: fixture ${family}.json is malformed (family ${file.family}, count ${file.count})`);
  }
  return file;
}

/** Every fixture file on disk (to check that FAMILIES lists them all). */
export function fixtureFilesOnDisk(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

export function isEncodedTensor(a: unknown): a is EncodedTensor {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'dtype' in a && 'shape' in a && 'data' in a;
}

export function isViewTensor(a: unknown): a is ViewTensor {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'base' in a && 'view' in a;
}

export function isEncodedNumber(a: unknown): a is EncodedNumber {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && 'num' in a;
}
