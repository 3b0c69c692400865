// Splitting signature text at top-level separators (outside brackets, quotes and `=>` arrows).

const OPEN = '([{<';
const CLOSE = ')]}>';

/**
 * Walks `text`, calling `visit(i, depth)` for each character outside quotes with the bracket depth
 * before it (after it for a closing bracket); stops when `visit` returns true and gives that index.
 */
function walk(text: string, from: number, visit: (i: number, depth: number) => boolean): number {
  let depth = 0;
  let quote = '';
  for (let i = from; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = '';
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (OPEN.includes(c)) depth++;
    else if (CLOSE.includes(c) && !(c === '>' && text[i - 1] === '=')) depth--;
    if (visit(i, depth)) return i;
  }
  return -1;
}

/** Splits `text` at each top-level occurrence of the one-character separator `sep`. */
export function splitTopLevel(text: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  walk(text, 0, (i, depth) => {
    if (depth === 0 && text[i] === sep) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    return false;
  });
  parts.push(text.slice(start).trim());
  return parts;
}

/** Index of the top-level `=` that starts a default value (not part of `=>`, `==`, `<=`, `>=`), or -1. */
export function defaultEquals(text: string): number {
  return walk(text, 0, (i, depth) => depth === 0 && text[i] === '=' && text[i + 1] !== '>' && text[i + 1] !== '=' && !'=!<>'.includes(text[i - 1] ?? ''));
}

/** The index of the `)` that closes the `(` at `open`, or -1. */
export function closingParen(text: string, open: number): number {
  return walk(text, open, (i, depth) => depth === 0 && text[i] === ')');
}
