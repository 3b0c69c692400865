// A safe unpickler: it interprets the pickle opcodes that encode data (numbers, strings, bytes, lists,
// tuples, dicts, sets, the memo) and hands every other request to `hooks`, which decide what a global
// names and what a call of one builds. Nothing in the pickle is ever executed: a global is a name, and a
// REDUCE is a request the hooks may refuse. Written from the pickle format (Python's pickletools
// documents every opcode); bounded by the input: each opcode makes at most one object, declared lengths
// are checked against the bytes left, the memo is a Map (a huge index allocates nothing).

/** A global named by the pickle (module and name); what it means is the hooks' business. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get path(): string {
    return `${this.module}.${this.name}`;
  }
}

export interface UnpickleHooks {
  /** The value GLOBAL / STACK_GLOBAL push for `module.name`, or a thrown error that names it. */
  global(module: string, name: string): unknown;
  /** REDUCE: `func(*args)` where func is a value `global` returned. */
  reduce(func: unknown, args: unknown[]): unknown;
  /** NEWOBJ: `cls.__new__(cls, *args)`. */
  newobj(cls: unknown, args: unknown[]): unknown;
  /** BUILD: sets `state` on `inst` (returns the object that replaces it on the stack). */
  build(inst: unknown, state: unknown): unknown;
  /** BINPERSID / PERSID: the object a persistent id stands for. */
  persistentLoad(pid: unknown): unknown;
}

/** Tuples are JS arrays marked here (lists can be appended to, tuples cannot). */
export type Tuple = readonly unknown[];
/** Dicts are plain objects marked here; their keys are strings (ints become their decimal form). */
export type Dict = Record<string, unknown>;

/** The unpickler's containers, for hooks that make or inspect them. */
export interface PickleValues {
  /** A new, empty dict (SETITEM may fill it). */
  dict(): Dict;
  isDict(x: unknown): x is Dict;
  isTuple(x: unknown): x is Tuple;
}

export interface Unpickled {
  value: unknown;
  /** Where the pickle ended (a file may hold several pickles back to back). */
  end: number;
}

const MAX_LONG_BYTES = 1024; // an integer of 8192 bits: far beyond any data, and cheap to decode

const OP = {
  MARK: 0x28, STOP: 0x2e, POP: 0x30, POP_MARK: 0x31, DUP: 0x32, FLOAT: 0x46, INT: 0x49, BININT: 0x4a, BININT1: 0x4b,
  LONG: 0x4c, BININT2: 0x4d, NONE: 0x4e, PERSID: 0x50, BINPERSID: 0x51, REDUCE: 0x52, STRING: 0x53, BINSTRING: 0x54,
  SHORT_BINSTRING: 0x55, UNICODE: 0x56, BINUNICODE: 0x58, APPEND: 0x61, BUILD: 0x62, GLOBAL: 0x63, DICT: 0x64,
  EMPTY_DICT: 0x7d, APPENDS: 0x65, GET: 0x67, BINGET: 0x68, INST: 0x69, LONG_BINGET: 0x6a, LIST: 0x6c, EMPTY_LIST: 0x5d,
  OBJ: 0x6f, PUT: 0x70, BINPUT: 0x71, LONG_BINPUT: 0x72, SETITEM: 0x73, TUPLE: 0x74, EMPTY_TUPLE: 0x29, SETITEMS: 0x75,
  BINFLOAT: 0x47, PROTO: 0x80, NEWOBJ: 0x81, EXT1: 0x82, EXT2: 0x83, EXT4: 0x84, TUPLE1: 0x85, TUPLE2: 0x86, TUPLE3: 0x87,
  NEWTRUE: 0x88, NEWFALSE: 0x89, LONG1: 0x8a, LONG4: 0x8b, BINBYTES: 0x42, SHORT_BINBYTES: 0x43,
  SHORT_BINUNICODE: 0x8c, BINUNICODE8: 0x8d, BINBYTES8: 0x8e, EMPTY_SET: 0x8f, ADDITEMS: 0x90, FROZENSET: 0x91,
  NEWOBJ_EX: 0x92, STACK_GLOBAL: 0x93, MEMOIZE: 0x94, FRAME: 0x95, BYTEARRAY8: 0x96, NEXT_BUFFER: 0x97, READONLY_BUFFER: 0x98,
} as const;

const NAMES = new Map<number, string>(Object.entries(OP).map(([k, v]) => [v, k]));

/** A Python int from little-endian two's complement bytes (LONG1 / LONG4): a number when exact, else a bigint. */
function decodeLong(b: Uint8Array): number | bigint {
  if (b.length === 0) return 0;
  let v = 0n;
  for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
  return exactInt(v);
}

function exactInt(v: bigint): number | bigint {
  return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
}

/**
 * Unpickles the pickle starting at `start` of `bytes`. `fail` throws with the caller's context; every
 * malformed input (truncation, stack underflow, a bad memo index, an opcode outside the data subset)
 * is reported through it.
 */
export function unpickle(bytes: Uint8Array, makeHooks: (values: PickleValues) => UnpickleHooks, fail: (msg: string) => never, start = 0): Unpickled {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const tuples = new WeakSet<object>();
  const dicts = new WeakSet<object>();
  const lists = new WeakSet<object>();
  const sets = new WeakSet<object>();
  const memo = new Map<number, unknown>();
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  let pos = start;

  const need = (n: number, what: string): void => {
    if (!(n >= 0) || pos + n > bytes.length) fail(`the pickle is truncated (${what} needs ${n} bytes at offset ${pos}, ${bytes.length - pos} left)`);
  };
  const take = (n: number, what: string): Uint8Array => {
    need(n, what);
    const out = bytes.subarray(pos, pos + n);
    pos += n;
    return out;
  };
  const line = (what: string): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end < 0) fail(`the pickle is truncated (${what}: no end of line after offset ${pos})`);
    const text = new TextDecoder('latin1').decode(bytes.subarray(pos, end));
    pos = end + 1;
    return text;
  };
  const text = (b: Uint8Array, what: string): string => {
    try {
      return utf8.decode(b);
    } catch {
      return fail(`${what} is not valid UTF-8`);
    }
  };
  const pop = (what: string): unknown => {
    if (stack.length === 0) fail(`${what} found an empty stack: the pickle is corrupted`);
    return stack.pop();
  };
  const top = (what: string): unknown => {
    if (stack.length === 0) fail(`${what} found an empty stack: the pickle is corrupted`);
    return stack[stack.length - 1];
  };
  const popMark = (what: string): unknown[] => {
    const items = stack;
    const previous = marks.pop();
    if (previous === undefined) fail(`${what} without a MARK: the pickle is corrupted`);
    stack = previous!;
    return items;
  };
  const tuple = (items: unknown[]): Tuple => {
    tuples.add(items);
    return items;
  };
  const list = (items: unknown[]): unknown[] => {
    lists.add(items);
    return items;
  };
  const dict = (): Dict => {
    const d = {} as Dict;
    dicts.add(d);
    return d;
  };
  const hooks = makeHooks({
    dict,
    isDict: (x): x is Dict => typeof x === 'object' && x !== null && dicts.has(x),
    isTuple: (x): x is Tuple => Array.isArray(x) && tuples.has(x),
  });
  const key = (k: unknown): string => {
    if (typeof k === 'string') return k;
    if (typeof k === 'number' || typeof k === 'bigint') return String(k);
    if (typeof k === 'boolean') return k ? '1' : '0'; // True == 1 as a Python dict key
    return fail(`a dict key of type ${describe(k)} (only str and int keys are supported)`);
  };
  const setItem = (d: unknown, k: unknown, v: unknown): void => {
    if (typeof d !== 'object' || d === null || !dicts.has(d)) fail(`SETITEM on ${describe(d)}, not a dict: the pickle is corrupted or not data`);
    // defineProperty: a key such as "__proto__" stays data, never the object's prototype.
    Object.defineProperty(d, key(k), { value: v, enumerable: true, writable: true, configurable: true });
  };
  const listOf = (x: unknown, what: string): unknown[] => {
    if (!Array.isArray(x) || !lists.has(x)) fail(`${what} on ${describe(x)}, not a list: the pickle is corrupted or not data`);
    return x as unknown[];
  };
  const describe = (x: unknown): string => {
    if (x === null) return 'None';
    if (Array.isArray(x)) return tuples.has(x) ? 'a tuple' : 'a list';
    if (x instanceof PyGlobal) return `the global ${x.path}`;
    if (x instanceof Set) return 'a set';
    if (x instanceof Uint8Array) return 'bytes';
    if (typeof x === 'object') return dicts.has(x) ? 'a dict' : `an object (${x.constructor?.name ?? 'unknown'})`;
    return typeof x;
  };
  const memoIndex = (i: number, op: string): unknown => {
    if (!memo.has(i)) fail(`${op} of memo entry ${i}, which was never stored: the pickle is corrupted`);
    return memo.get(i);
  };
  const intOf = (s: string, what: string): number | bigint => {
    const t = s.trim().replace(/L$/, '');
    if (!/^[-+]?\d{1,400}$/.test(t)) fail(`${what} ${JSON.stringify(s.slice(0, 40))} is not an integer`);
    return exactInt(BigInt(t));
  };

  for (;;) {
    need(1, 'an opcode');
    const op = bytes[pos++]!;
    switch (op) {
      case OP.PROTO: {
        const v = take(1, 'PROTO')[0]!;
        if (v > 5) fail(`pickle protocol ${v} is not supported (0 to 5 are)`);
        break;
      }
      case OP.FRAME: take(8, 'FRAME'); break; // framing only groups opcodes
      case OP.STOP: {
        if (marks.length !== 0) fail('the pickle ends inside a MARK: it is corrupted');
        const value = pop('STOP');
        if (stack.length !== 0) fail(`the pickle ends with ${stack.length} extra values on its stack: it is corrupted`);
        return { value, end: pos };
      }
      case OP.MARK: marks.push(stack); stack = []; break;
      case OP.POP: pop('POP'); break;
      case OP.POP_MARK: popMark('POP_MARK'); break;
      case OP.DUP: stack.push(top('DUP')); break;
      case OP.NONE: stack.push(null); break;
      case OP.NEWTRUE: stack.push(true); break;
      case OP.NEWFALSE: stack.push(false); break;
      case OP.INT: {
        const s = line('INT');
        stack.push(s === '00' ? false : s === '01' ? true : intOf(s, 'INT'));
        break;
      }
      case OP.BININT: need(4, 'BININT'); stack.push(view.getInt32(pos, true)); pos += 4; break;
      case OP.BININT1: stack.push(take(1, 'BININT1')[0]!); break;
      case OP.BININT2: need(2, 'BININT2'); stack.push(view.getUint16(pos, true)); pos += 2; break;
      case OP.LONG: stack.push(intOf(line('LONG'), 'LONG')); break;
      case OP.LONG1:
      case OP.LONG4: {
        let n: number;
        if (op === OP.LONG1) n = take(1, 'LONG1')[0]!;
        else { need(4, 'LONG4'); n = view.getInt32(pos, true); pos += 4; }
        if (n < 0 || n > MAX_LONG_BYTES) fail(`an integer of ${n} bytes (at most ${MAX_LONG_BYTES} are read)`);
        stack.push(decodeLong(take(n, 'a long integer')));
        break;
      }
      case OP.FLOAT: {
        const s = line('FLOAT').trim();
        const v = Number(s);
        if (s === '' || (Number.isNaN(v) && !/^[-+]?nan$/i.test(s))) fail(`FLOAT ${JSON.stringify(s.slice(0, 40))} is not a number`);
        stack.push(v);
        break;
      }
      case OP.BINFLOAT: need(8, 'BINFLOAT'); stack.push(view.getFloat64(pos, false)); pos += 8; break;
      case OP.SHORT_BINUNICODE: stack.push(text(take(take(1, 'SHORT_BINUNICODE')[0]!, 'a string'), 'a string')); break;
      case OP.BINUNICODE: need(4, 'BINUNICODE'); { const n = view.getUint32(pos, true); pos += 4; stack.push(text(take(n, 'a string'), 'a string')); } break;
      case OP.BINUNICODE8:
      case OP.BINBYTES8:
      case OP.BYTEARRAY8: {
        need(8, 'a length');
        const n = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
        pos += 8;
        const b = take(n, 'a string');
        stack.push(op === OP.BINUNICODE8 ? text(b, 'a string') : b.slice());
        break;
      }
      case OP.SHORT_BINSTRING:
      case OP.BINSTRING: {
        let n: number;
        if (op === OP.SHORT_BINSTRING) n = take(1, 'SHORT_BINSTRING')[0]!;
        else { need(4, 'BINSTRING'); n = view.getInt32(pos, true); pos += 4; }
        stack.push(text(take(n, 'a string'), 'a Python 2 string')); // torch.load reads Python 2 str as UTF-8
        break;
      }
      case OP.STRING: {
        const s = line('STRING');
        const m = /^(['"])(.*)\1$/s.exec(s);
        if (m === null) fail('STRING is not quoted');
        stack.push(m![2]!.replace(/\\x([0-9a-fA-F]{2})|\\(['"\\nrt])/g, (_, hex: string | undefined, c: string) => (hex ? String.fromCharCode(parseInt(hex, 16)) : ({ n: '\n', r: '\r', t: '\t' } as Record<string, string>)[c] ?? c)));
        break;
      }
      case OP.UNICODE: stack.push(line('UNICODE').replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_, a: string | undefined, b: string | undefined) => String.fromCodePoint(parseInt((a ?? b)!, 16)))); break;
      case OP.SHORT_BINBYTES: stack.push(take(take(1, 'SHORT_BINBYTES')[0]!, 'bytes').slice()); break;
      case OP.BINBYTES: need(4, 'BINBYTES'); { const n = view.getUint32(pos, true); pos += 4; stack.push(take(n, 'bytes').slice()); } break;
      case OP.EMPTY_LIST: stack.push(list([])); break;
      case OP.LIST: { const l = list(popMark('LIST')); stack.push(l); break; } // popMark first: it replaces `stack`
      case OP.APPEND: { const v = pop('APPEND'); listOf(top('APPEND'), 'APPEND').push(v); break; }
      case OP.APPENDS: { const items = popMark('APPENDS'); const l = listOf(top('APPENDS'), 'APPENDS'); for (const v of items) l.push(v); break; }
      case OP.EMPTY_TUPLE: stack.push(tuple([])); break;
      case OP.TUPLE: { const t = tuple(popMark('TUPLE')); stack.push(t); break; }
      case OP.TUPLE1: { const a = pop('TUPLE1'); stack.push(tuple([a])); break; }
      case OP.TUPLE2: { const b = pop('TUPLE2'), a = pop('TUPLE2'); stack.push(tuple([a, b])); break; }
      case OP.TUPLE3: { const c = pop('TUPLE3'), b = pop('TUPLE3'), a = pop('TUPLE3'); stack.push(tuple([a, b, c])); break; }
      case OP.EMPTY_DICT: stack.push(dict()); break;
      case OP.DICT: {
        const items = popMark('DICT');
        if (items.length % 2 !== 0) fail('DICT with an odd number of items: the pickle is corrupted');
        const d = dict();
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        stack.push(d);
        break;
      }
      case OP.SETITEM: { const v = pop('SETITEM'), k = pop('SETITEM'); setItem(top('SETITEM'), k, v); break; }
      case OP.SETITEMS: {
        const items = popMark('SETITEMS');
        if (items.length % 2 !== 0) fail('SETITEMS with an odd number of items: the pickle is corrupted');
        const d = top('SETITEMS');
        for (let i = 0; i < items.length; i += 2) setItem(d, items[i], items[i + 1]);
        break;
      }
      case OP.EMPTY_SET: { const s = new Set<unknown>(); sets.add(s); stack.push(s); break; }
      case OP.ADDITEMS: {
        const items = popMark('ADDITEMS');
        const s = top('ADDITEMS');
        if (!(s instanceof Set) || !sets.has(s)) fail(`ADDITEMS on ${describe(s)}, not a set`);
        for (const v of items) (s as Set<unknown>).add(v);
        break;
      }
      case OP.FROZENSET: { const s = new Set(popMark('FROZENSET')); stack.push(s); break; }
      case OP.GLOBAL: {
        const module = line('GLOBAL'), name = line('GLOBAL');
        stack.push(hooks.global(module, name));
        break;
      }
      case OP.STACK_GLOBAL: {
        const name = pop('STACK_GLOBAL'), module = pop('STACK_GLOBAL');
        if (typeof module !== 'string' || typeof name !== 'string') fail('STACK_GLOBAL needs a module and a name as strings');
        stack.push(hooks.global(module as string, name as string));
        break;
      }
      case OP.REDUCE: {
        const args = pop('REDUCE');
        if (!Array.isArray(args) || !tuples.has(args)) fail(`REDUCE with ${describe(args)} as its arguments, not a tuple`);
        const func = pop('REDUCE');
        stack.push(hooks.reduce(func, args as unknown[]));
        break;
      }
      case OP.NEWOBJ: {
        const args = pop('NEWOBJ');
        if (!Array.isArray(args)) fail(`NEWOBJ with ${describe(args)} as its arguments, not a tuple`);
        const cls = pop('NEWOBJ');
        stack.push(hooks.newobj(cls, args as unknown[]));
        break;
      }
      case OP.BUILD: {
        const state = pop('BUILD');
        const inst = pop('BUILD');
        stack.push(hooks.build(inst, state));
        break;
      }
      case OP.BINPERSID: stack.push(hooks.persistentLoad(pop('BINPERSID'))); break;
      case OP.PERSID: stack.push(hooks.persistentLoad(line('PERSID'))); break;
      case OP.BINGET: stack.push(memoIndex(take(1, 'BINGET')[0]!, 'BINGET')); break;
      case OP.LONG_BINGET: need(4, 'LONG_BINGET'); stack.push(memoIndex(view.getUint32(pos, true), 'LONG_BINGET')); pos += 4; break;
      case OP.GET: stack.push(memoIndex(Number(intOf(line('GET'), 'GET')), 'GET')); break;
      case OP.BINPUT: memo.set(take(1, 'BINPUT')[0]!, top('BINPUT')); break;
      case OP.LONG_BINPUT: need(4, 'LONG_BINPUT'); memo.set(view.getUint32(pos, true), top('LONG_BINPUT')); pos += 4; break;
      case OP.PUT: memo.set(Number(intOf(line('PUT'), 'PUT')), top('PUT')); break;
      case OP.MEMOIZE: memo.set(memo.size, top('MEMOIZE')); break;
      default: {
        const name = NAMES.get(op);
        fail(name
          ? `the pickle uses opcode ${name}, which only code (not data) needs; it is refused`
          : `unknown pickle opcode 0x${op.toString(16).padStart(2, '0')} at offset ${pos - 1}: the pickle is corrupted or not a pickle`);
      }
    }
  }
}
