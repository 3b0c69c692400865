// Writes pickles (protocol 2, what torch.save uses) of data: None, bools, ints, floats, strings, bytes,
// lists, tuples, dicts, and "calls" of globals (GLOBAL args REDUCE) for the objects a reader rebuilds, such
// as tensors. Only what the data needs is emitted; a value met twice is written once and fetched from the
// memo after that, so shared objects stay shared.
import { joinBytes } from '../join-bytes';

export class PickleWriter {
  private chunks: Uint8Array[] = [];
  private buffer = new Uint8Array(1024);
  private length = 0;
  private readonly memo = new Map<unknown, number>();
  private readonly encoder = new TextEncoder();

  constructor() {
    this.bytes(0x80, 2); // PROTO 2
  }

  private ensure(n: number): void {
    if (this.length + n <= this.buffer.length) return;
    this.chunks.push(this.buffer.subarray(0, this.length));
    this.buffer = new Uint8Array(Math.max(1024, n * 2));
    this.length = 0;
  }

  bytes(...values: number[]): this {
    this.ensure(values.length);
    for (const v of values) this.buffer[this.length++] = v;
    return this;
  }

  private raw(data: Uint8Array): void {
    this.ensure(data.length);
    this.buffer.set(data, this.length);
    this.length += data.length;
  }

  private u32(v: number): void {
    this.bytes(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  }

  none(): this { return this.bytes(0x4e); }
  bool(v: boolean): this { return this.bytes(v ? 0x88 : 0x89); }

  int(v: number | bigint): this {
    if (typeof v === 'number' && Number.isInteger(v)) {
      if (v >= 0 && v < 256) return this.bytes(0x4b, v); // BININT1
      if (v >= 0 && v < 65536) return this.bytes(0x4d, v & 0xff, v >>> 8); // BININT2
      if (v >= -(2 ** 31) && v < 2 ** 31) { this.bytes(0x4a); this.u32(v >>> 0); return this; } // BININT
    }
    // LONG1: little-endian two's complement, as few bytes as hold the sign
    let x = BigInt(v);
    const out: number[] = [];
    for (;;) {
      out.push(Number(x & 0xffn));
      x >>= 8n;
      const sign = out[out.length - 1]! & 0x80;
      if ((x === 0n && !sign) || (x === -1n && sign)) break;
    }
    return this.bytes(0x8a, out.length, ...out);
  }

  float(v: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, false); // BINFLOAT is big-endian
    this.bytes(0x47);
    this.raw(b);
    return this;
  }

  string(s: string): this {
    const b = this.encoder.encode(s);
    this.bytes(0x58); // BINUNICODE
    this.u32(b.length);
    this.raw(b);
    return this;
  }

  /** GLOBAL module\nname\n */
  global(module: string, name: string): this {
    this.bytes(0x63);
    this.raw(this.encoder.encode(`${module}\n${name}\n`));
    return this;
  }

  mark(): this { return this.bytes(0x28); }
  /** TUPLE of everything since the last mark (EMPTY_TUPLE for none). */
  tuple(): this { return this.bytes(0x74); }
  emptyTuple(): this { return this.bytes(0x29); }
  emptyList(): this { return this.bytes(0x5d); }
  appends(): this { return this.bytes(0x65); }
  emptyDict(): this { return this.bytes(0x7d); }
  setitems(): this { return this.bytes(0x75); }
  reduce(): this { return this.bytes(0x52); }
  binpersid(): this { return this.bytes(0x51); }

  /** Writes `key`'s value from the memo if it was stored before (true), else nothing (false). */
  fetch(key: unknown): boolean {
    const i = this.memo.get(key);
    if (i === undefined) return false;
    if (i < 256) this.bytes(0x68, i); // BINGET
    else { this.bytes(0x6a); this.u32(i); } // LONG_BINGET
    return true;
  }

  /** Stores the value on top of the stack in the memo under `key`. */
  memoize(key: unknown): void {
    const i = this.memo.size;
    this.memo.set(key, i);
    if (i < 256) this.bytes(0x71, i); // BINPUT
    else { this.bytes(0x72); this.u32(i); } // LONG_BINPUT
  }

  /** STOP, and the pickle's bytes. */
  finish(): Uint8Array {
    this.bytes(0x2e);
    return joinBytes([...this.chunks, this.buffer.subarray(0, this.length)]);
  }
}
