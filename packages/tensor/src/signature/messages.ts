// The binder's error messages: they name the function, the offending key or argument, and the
// parameters the function takes (with a "did you mean" for a near miss or a snake_case name).
import { formatParams, type Signature } from './signature';
import { describeValue, isOptionsObject } from './types';

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The parameter a mistyped key most likely meant, or undefined. */
export function suggest(key: string, names: readonly string[]): string | undefined {
  const exact = names.find((n) => n === camel(key) || n.toLowerCase() === key.toLowerCase());
  if (exact !== undefined) return exact;
  const prefix = names.find((n) => key.length >= 3 && (n.startsWith(key) || key.startsWith(n)));
  if (prefix !== undefined) return prefix;
  let best: string | undefined;
  let bestD = Math.max(1, Math.floor(key.length / 3));
  for (const n of names) {
    const d = distance(key, n);
    if (d <= bestD) {
      best = n;
      bestD = d - 1;
    }
  }
  return best;
}

export function takes(sig: Signature): string {
  return `${sig.name} takes (${formatParams(sig)})`;
}

export type Failure =
  | { kind: 'unknown'; key: string }
  | { kind: 'twice'; key: string }
  | { kind: 'tooMany'; given: number }
  | { kind: 'missing'; name: string }
  | { kind: 'type'; name: string; value: unknown };

/** Signatures that differ only in their types (a TypeScript-only split, such as asTuple: false / boolean) show once: the last. */
function distinct(sigs: readonly Signature[]): readonly Signature[] {
  const names = (s: Signature) => s.params.map((p) => `${p.kind}:${p.name}`).join(',');
  return sigs.every((s) => names(s) === names(sigs[0]!)) ? [sigs[sigs.length - 1]!] : sigs;
}

export function unknownOption(sig: Signature | readonly Signature[], key: string): string {
  const sigs = distinct(Array.isArray(sig) ? (sig as readonly Signature[]) : [sig as Signature]);
  const names = [...new Set(sigs.flatMap((s) => s.params.map((p) => p.name)))];
  const hint = suggest(key, names);
  const name = sigs[0]!.name;
  const list = sigs.length === 1 ? takes(sigs[0]!) : `${name} takes one of: ${sigs.map((s) => `(${formatParams(s)})`).join(' | ')}`;
  return `${name}(): unexpected option '${key}'${hint ? ` (did you mean '${hint}'?)` : ''}; ${list}`;
}

function reason(sig: Signature, f: Failure): string {
  switch (f.kind) {
    case 'unknown':
      return `unexpected option '${f.key}'`;
    case 'twice':
      return `got '${f.key}' twice, by position and in the options object`;
    case 'tooMany': {
      const names = sig.params.filter((p) => p.kind === 'positional').map((p) => p.name);
      const keywords = sig.params.filter((p) => p.kind === 'keyword').map((p) => p.name);
      return (
        `takes at most ${names.length} positional argument${names.length === 1 ? '' : 's'} (${names.join(', ')}) but ${f.given} were given` +
        (keywords.length ? `; pass ${keywords.join(', ')} in the options object` : '')
      );
    }
    case 'missing':
      return `missing the required argument '${f.name}'`;
    case 'type': {
      const p = sig.params[sig.index.get(f.name)!]!;
      return `'${f.name}' must be ${p.type}, not ${describeValue(f.value)}`;
    }
  }
}

/** The message for a failed binding of one signature. */
export function bindingError(sig: Signature, f: Failure): string {
  if (f.kind === 'unknown') return unknownOption(sig, f.key);
  return `${sig.name}(): ${reason(sig, f)}; ${takes(sig)}`;
}

/** The message when no signature of an overloaded function fits the arguments. */
export function overloadError(sigs: readonly Signature[], failures: readonly Failure[], args: readonly unknown[]): string {
  const last = args[args.length - 1];
  const keys = isOptionsObject(last) ? Object.keys(last) : [];
  const unknown = keys.find((k) => sigs.every((s) => !s.index.has(k)));
  if (unknown !== undefined) return unknownOption(sigs, unknown);
  const got = args.map(describeValue).join(', ');
  const lines = sigs.map((s, i) => `  (${formatParams(s)}): ${reason(s, failures[i]!)}`);
  return `${sigs[0]!.name}(): the arguments (${got}) match none of its signatures:\n${lines.join('\n')}`;
}
