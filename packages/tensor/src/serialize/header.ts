// Reads and validates a safetensors file's header: every size and offset is checked against the bytes
// actually present before anything is allocated, and the byte buffer must be covered exactly (the
// spec forbids holes and overlaps), so a truncated, corrupted or hostile file is a clear error.
import type { DType } from '../dtype';
import { OTHER_SAFETENSORS_DTYPES, TO_SAFETENSORS, WIDENED_SAFETENSORS, safetensorsDType } from './dtypes';
import { LOADED_DTYPE, STORED_ITEM_SIZE, type StoredDType } from './stored-dtypes';

/** One tensor of a file: offsets are relative to the start of the byte buffer, as in the header. */
export interface TensorEntry {
  readonly name: string;
  /** The dtype it loads as (F16 and BF16 as float32, I8 and I16 as int32). */
  readonly dtype: DType;
  /** The element type in the file. */
  readonly stored: StoredDType;
  readonly shape: readonly number[];
  readonly begin: number;
  readonly end: number;
}

export interface SafetensorsFile {
  /** In file order (by position in the byte buffer). */
  readonly entries: readonly TensorEntry[];
  /** `__metadata__`, or null when the file has none. */
  readonly metadata: Readonly<Record<string, string>> | null;
  /** Where the byte buffer starts in the file: 8 + the header length. */
  readonly dataStart: number;
}

/** The spec's limit on the header, which also bounds what a hostile file can make us parse. */
export const MAX_HEADER_BYTES = 100_000_000;
/** Far above any real tensor; bounds the work a hostile shape can cause. */
export const MAX_DIMS = 64;

const SUPPORTED = [...Object.values(TO_SAFETENSORS), ...Object.keys(WIDENED_SAFETENSORS)].join(', ');

/** A name for messages: quoted, and cut short when a corrupted file holds a huge one. */
export function quote(name: string): string {
  const s = JSON.stringify(name);
  return s.length > 120 ? `${s.slice(0, 100)}…" (${name.length} characters)` : s;
}

/**
 * A short JSON-like preview of a parsed value, for messages: nesting past 3 levels and everything past
 * `max` characters is elided (JSON.stringify of a deeply nested header value would overflow the stack).
 */
export function preview(v: unknown, max = 200): string {
  const show = (x: unknown, depth: number): string => {
    if (x === null || typeof x !== 'object') return typeof x === 'string' ? quote(x) : String(x);
    if (depth >= 3) return Array.isArray(x) ? '[…]' : '{…}';
    const parts: string[] = [];
    let length = 0;
    for (const [k, item] of Array.isArray(x) ? x.entries() : Object.entries(x as object)) {
      const s = Array.isArray(x) ? show(item, depth + 1) : `${quote(String(k))}:${show(item, depth + 1)}`;
      parts.push(s);
      length += s.length;
      if (length > max) break;
    }
    const body = parts.join(',');
    return Array.isArray(x) ? `[${body}]` : `{${body}}`;
  };
  const s = show(v, 0);
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${quote(String(v))}`;
}

/**
 * The header length in the first 8 bytes of a file of `size` bytes, checked against the spec's limit and
 * the size (torch.load calls it before reading the rest of the file).
 */
export function checkHeaderLength(head: Uint8Array, size: number, where: string): number {
  if (size < 8) {
    throw new Error(`${where}: the file is ${size} bytes long, too short for a safetensors file (it starts with an 8-byte header length)`);
  }
  const view = new DataView(head.buffer, head.byteOffset, 8);
  const headerLength = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new Error(`${where}: the header length ${headerLength} is above safetensors' limit of ${MAX_HEADER_BYTES} bytes: not a safetensors file, or a corrupted one`);
  }
  if (headerLength > size - 8) {
    throw new Error(`${where}: the header length ${headerLength} runs past the end of the file (${size} bytes): the file is truncated or not a safetensors file`);
  }
  return headerLength;
}

/**
 * Parses the header of `bytes` (a whole safetensors file). `where` starts every error message, e.g.
 * "torch.load: model.safetensors".
 */
export function parseSafetensors(bytes: Uint8Array, where: string): SafetensorsFile {
  const fail = (msg: string): never => {
    throw new Error(`${where}: ${msg}`);
  };
  if (!(bytes instanceof Uint8Array)) fail(`expected the file's bytes as a Uint8Array, got ${describeJson(bytes)}`);
  const headerLength = checkHeaderLength(bytes, bytes.length, where);
  if (headerLength < 2 || bytes[8] !== 0x7b) fail(`the header does not start with '{': not a safetensors file`);
  let text = '';
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    fail('the header is not valid UTF-8: the file is corrupted');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message}): the file is corrupted`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) fail(`the header is ${describeJson(header)}, expected a JSON object`);

  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  let metadata: Record<string, string> | null = null;
  const entries: TensorEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') metadata = checkMetadata(info, fail);
    else entries.push(checkEntry(name, info, dataLength, fail));
  }
  checkCoverage(entries, dataLength, fail);
  return { entries, metadata, dataStart };
}

function checkMetadata(info: unknown, fail: (msg: string) => never): Record<string, string> | null {
  if (info === null) return null;
  if (typeof info !== 'object' || Array.isArray(info)) fail(`__metadata__ is ${describeJson(info)}, expected an object of strings`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(info as Record<string, unknown>)) {
    if (typeof value !== 'string') fail(`__metadata__[${quote(key)}] is ${describeJson(value)}, expected a string`);
    out[key] = value as string;
  }
  return out;
}

function checkEntry(name: string, info: unknown, dataLength: number, fail: (msg: string) => never): TensorEntry {
  const bad = (msg: string): never => fail(`tensor ${quote(name)}: ${msg}`);
  if (info === null || typeof info !== 'object' || Array.isArray(info)) bad(`expected {dtype, shape, data_offsets}, got ${describeJson(info)}`);
  const { dtype: code, shape, data_offsets: offsets } = info as Record<string, unknown>;
  const stored = safetensorsDType(code);
  if (stored === null) {
    if (typeof code === 'string' && OTHER_SAFETENSORS_DTYPES.has(code)) {
      bad(`dtype ${code} is not supported (supported: ${SUPPORTED}); convert it in Python first, e.g. t.float() or t.long()`);
    }
    bad(`unknown dtype ${describeJson(code)} (supported: ${SUPPORTED})`);
  }
  if (!Array.isArray(shape)) bad(`shape is ${describeJson(shape)}, expected an array of sizes`);
  const dims = shape as unknown[];
  if (dims.length > MAX_DIMS) bad(`shape has ${dims.length} dimensions (at most ${MAX_DIMS} are supported)`);
  if (!dims.every((s) => Number.isSafeInteger(s) && (s as number) >= 0)) {
    bad(`shape ${preview(shape)} must hold non-negative integers`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && (o as number) >= 0)) {
    bad(`data_offsets ${preview(offsets ?? null)} must be [begin, end], two non-negative integers`);
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) bad(`data_offsets [${begin}, ${end}] end before they begin`);
  if (end > dataLength) bad(`data_offsets [${begin}, ${end}] run past the end of the byte buffer (${dataLength} bytes): the file is truncated`);
  // Exact in BigInt, whatever the sizes: they are trusted only once they match bytes that exist.
  const sizes = dims as number[];
  const needed = sizes.reduce((n, s) => n * BigInt(s), BigInt(STORED_ITEM_SIZE[stored!]));
  if (needed !== BigInt(end - begin)) {
    bad(`data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${sizes.join(', ')}] of ${code as string} needs ${needed}`);
  }
  return { name, dtype: LOADED_DTYPE[stored!], stored: stored!, shape: sizes, begin, end };
}

/** Sorts entries into file order and checks they tile [0, dataLength) exactly. */
function checkCoverage(entries: TensorEntry[], dataLength: number, fail: (msg: string) => never): void {
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expected = 0;
  let previous: TensorEntry | null = null;
  for (const e of entries) {
    if (e.begin < expected) {
      fail(`tensor ${quote(e.name)} (bytes ${e.begin}..${e.end}) overlaps tensor ${quote(previous!.name)} (bytes ${previous!.begin}..${previous!.end})`);
    }
    if (e.begin > expected) fail(`bytes ${expected}..${e.begin} of the byte buffer belong to no tensor (a hole before tensor ${quote(e.name)}): the file is corrupted`);
    expected = e.end;
    previous = e;
  }
  if (expected !== dataLength) {
    fail(`bytes ${expected}..${dataLength} at the end of the byte buffer belong to no tensor: the file is corrupted or has trailing data`);
  }
}
