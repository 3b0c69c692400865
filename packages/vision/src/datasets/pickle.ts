// A bounded reader of Python pickles, enough for CIFAR's batch files: dicts, lists, tuples, ints,
// floats, strings (Python 2 str decoded as latin1, as torchvision's pickle.load(f, encoding='latin1')),
// bytes, and numpy arrays of numeric dtypes. It runs no code: the only globals it knows are numpy's
// array reconstruction and codecs.encode (how protocol 2 spells bytes); any other is an error. Every
// length is checked against the bytes left, and it keeps no recursion, so a hostile file fails cleanly.

/** A numpy array: its shape, dtype (numpy's code, e.g. 'u1') and data (little-endian bytes as stored). */
export interface NdArray {
  readonly kind: 'ndarray';
  shape: number[];
  dtype: string;
  data: Uint8Array;
}

interface Dtype {
  kind: 'dtype';
  code: string;
}

interface Global {
  kind: 'global';
  name: string;
}

const MARK = Symbol('mark');
const KNOWN_GLOBALS = new Set(['numpy.core.multiarray._reconstruct', 'numpy.ndarray', 'numpy.dtype', '_codecs.encode']);
const DTYPE_SIZES: Readonly<Record<string, number>> = { u1: 1, i1: 1, b1: 1, u2: 2, i2: 2, u4: 4, i4: 4, f4: 4, u8: 8, i8: 8, f8: 8 };

export class PickleError extends Error {}

const latin1 = (s: Uint8Array): string => {
  let out = '';
  for (let i = 0; i < s.length; i += 8192) out += String.fromCharCode(...s.subarray(i, i + 8192));
  return out;
};
const fromLatin1 = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/** Parses a pickle (protocols 0 to 5, the opcodes numpy and plain containers use); `name` is for messages. */
export function loadPickle(bytes: Uint8Array, name: string): unknown {
  const fail = (why: string): never => {
    throw new PickleError(`${name} is not a pickle this reader can load: ${why}`);
  };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (!(n >= 0) || pos + n > bytes.length) fail(`truncated at byte ${pos} (needs ${n} more, ${bytes.length - pos} left)`);
  };
  const take = (n: number): Uint8Array => {
    need(n);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const u8 = () => take(1)[0]!;
  const u32 = () => {
    need(4);
    const v = view.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const u64 = () => {
    need(8);
    const v = Number(view.getBigUint64(pos, true));
    pos += 8;
    return v;
  };
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail(`unterminated text argument at byte ${pos}`);
    const s = latin1(bytes.subarray(pos, end));
    pos = end + 1;
    return s;
  };
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const pop = (): unknown => {
    if (stack.length === 0) fail(`stack underflow at byte ${pos - 1}`);
    return stack.pop();
  };
  const popMark = (): unknown[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) fail(`no MARK before byte ${pos - 1}`);
    const items = stack.splice(at);
    items.shift();
    return items;
  };
  const top = (): unknown => {
    if (stack.length === 0) fail(`stack underflow at byte ${pos - 1}`);
    return stack[stack.length - 1];
  };
  const setItems = (dict: unknown, items: unknown[]) => {
    if (typeof dict !== 'object' || dict === null || Array.isArray(dict)) fail(`SETITEM(S) on a non-dict at byte ${pos - 1}`);
    for (let i = 0; i + 1 < items.length; i += 2) {
      const k = items[i];
      (dict as Record<string, unknown>)[typeof k === 'string' ? k : k instanceof Uint8Array ? latin1(k) : String(k)] = items[i + 1];
    }
  };
  const call = (fn: unknown, args: unknown): unknown => {
    if (!Array.isArray(args)) fail('REDUCE with arguments that are not a tuple');
    const g = fn as Global;
    if (g?.kind !== 'global') fail('REDUCE on something that is not a known global');
    const a = args as unknown[];
    switch (g.name) {
      case 'numpy.core.multiarray._reconstruct':
        return { kind: 'ndarray', shape: [], dtype: 'u1', data: new Uint8Array(0) } satisfies NdArray;
      case 'numpy.dtype':
        if (typeof a[0] !== 'string') fail('numpy.dtype without a type code');
        return { kind: 'dtype', code: a[0] as string } satisfies Dtype;
      case '_codecs.encode':
        if (typeof a[0] !== 'string') fail('codecs.encode of something that is not a string');
        return fromLatin1(a[0] as string);
      default:
        return fail(`cannot call ${g.name}`);
    }
  };
  const build = (obj: unknown, state: unknown): void => {
    const o = obj as NdArray | Dtype;
    if (o?.kind === 'dtype') return; // byte order and flags: little-endian numeric dtypes only (checked below)
    if (o?.kind !== 'ndarray' || !Array.isArray(state)) fail('BUILD on an object that is not a numpy array');
    const [, shape, dtype, fortran, raw] = state as [unknown, unknown, Dtype, unknown, unknown];
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || (d as number) < 0)) fail('a numpy array with an invalid shape');
    if (dtype?.kind !== 'dtype') fail('a numpy array without a dtype');
    const code = dtype.code.replace(/^[<|=]/, '');
    const size = DTYPE_SIZES[code];
    if (size === undefined) fail(`numpy dtype '${dtype.code}' is not supported (numeric little-endian dtypes only)`);
    if (fortran === true) fail('Fortran-ordered numpy arrays are not supported');
    const data = typeof raw === 'string' ? fromLatin1(raw) : raw instanceof Uint8Array ? raw : fail('a numpy array whose data is not bytes');
    const count = (shape as number[]).reduce((p, d) => p * d, 1);
    if (data.length !== count * size!) fail(`a numpy array of shape [${(shape as number[]).join(', ')}] ${code} holds ${data.length} bytes, expected ${count * size!}`);
    Object.assign(o, { shape: [...(shape as number[])], dtype: code, data });
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: u8(); break; // PROTO
      case 0x95: take(8); break; // FRAME
      case 0x2e: // STOP
        if (stack.length !== 1) fail(`STOP with ${stack.length} values on the stack`);
        return stack[0];
      case 0x28: stack.push(MARK); break;
      case 0x7d: stack.push({}); break; // EMPTY_DICT
      case 0x5d: stack.push([]); break; // EMPTY_LIST
      case 0x29: stack.push([]); break; // EMPTY_TUPLE
      case 0x74: stack.push(popMark()); break; // TUPLE
      case 0x85: stack.push([pop()]); break; // TUPLE1
      case 0x86: { const b = pop(); stack.push([pop(), b]); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); stack.push([pop(), b, c]); break; } // TUPLE3
      case 0x6c: stack.push(popMark()); break; // LIST
      case 0x64: { const d = {}; setItems(d, popMark()); stack.push(d); break; } // DICT
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) fail('APPEND to a non-list'); (l as unknown[]).push(v); break; }
      case 0x65: { const items = popMark(); const l = top(); if (!Array.isArray(l)) fail('APPENDS to a non-list'); (l as unknown[]).push(...items); break; }
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x4a: { need(4); stack.push(view.getInt32(pos, true)); pos += 4; break; } // BININT
      case 0x4b: stack.push(u8()); break; // BININT1
      case 0x4d: { need(2); stack.push(view.getUint16(pos, true)); pos += 2; break; } // BININT2
      case 0x8a: { // LONG1
        const b = take(u8());
        let v = 0n;
        for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        if (b.length > 0 && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
        stack.push(Number(v));
        break;
      }
      case 0x49: { const s = line(); stack.push(s === '00' ? false : s === '01' ? true : Number.parseInt(s, 10)); break; } // INT
      case 0x4c: stack.push(Number.parseInt(line().replace(/L$/, ''), 10)); break; // LONG
      case 0x47: { need(8); stack.push(view.getFloat64(pos, false)); pos += 8; break; } // BINFLOAT
      case 0x4e: stack.push(null); break; // NONE
      case 0x88: stack.push(true); break;
      case 0x89: stack.push(false); break;
      case 0x55: stack.push(latin1(take(u8()))); break; // SHORT_BINSTRING (py2 str, latin1)
      case 0x54: stack.push(latin1(take(u32()))); break; // BINSTRING
      case 0x58: stack.push(new TextDecoder().decode(take(u32()))); break; // BINUNICODE
      case 0x8c: stack.push(new TextDecoder().decode(take(u8()))); break; // SHORT_BINUNICODE
      case 0x8d: stack.push(new TextDecoder().decode(take(u64()))); break; // BINUNICODE8
      case 0x43: stack.push(take(u8()).slice()); break; // SHORT_BINBYTES
      case 0x42: stack.push(take(u32()).slice()); break; // BINBYTES
      case 0x8e: stack.push(take(u64()).slice()); break; // BINBYTES8
      case 0x96: stack.push(take(u64()).slice()); break; // BYTEARRAY8
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x70: memo.set(Number.parseInt(line(), 10), top()); break; // PUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: case 0x67: { // BINGET, LONG_BINGET, GET
        const k = op === 0x68 ? u8() : op === 0x6a ? u32() : Number.parseInt(line(), 10);
        if (!memo.has(k)) fail(`memo entry ${k} is not defined`);
        stack.push(memo.get(k));
        break;
      }
      case 0x63: { // GLOBAL
        const g = `${line()}.${line()}`;
        if (!KNOWN_GLOBALS.has(g)) fail(`refusing the global ${g} (only numpy arrays and plain containers are read)`);
        stack.push({ kind: 'global', name: g } satisfies Global);
        break;
      }
      case 0x93: { // STACK_GLOBAL
        const n = pop();
        const m = pop();
        const g = `${String(m)}.${String(n)}`;
        if (!KNOWN_GLOBALS.has(g)) fail(`refusing the global ${g} (only numpy arrays and plain containers are read)`);
        stack.push({ kind: 'global', name: g } satisfies Global);
        break;
      }
      case 0x52: { const args = pop(); stack.push(call(pop(), args)); break; } // REDUCE
      case 0x81: { const args = pop(); stack.push(call(pop(), args)); break; } // NEWOBJ
      case 0x62: { const state = pop(); build(top(), state); break; } // BUILD
      default:
        fail(`unsupported opcode 0x${op.toString(16).padStart(2, '0')} at byte ${pos - 1}`);
    }
  }
}

export function isNdArray(x: unknown): x is NdArray {
  return typeof x === 'object' && x !== null && (x as NdArray).kind === 'ndarray';
}
