// Prints the results as one Markdown table (pasteable into a README): ratios first, medians after.
import { median } from './harness';

export interface Row {
  name: string;
  reps: number;
  /** Median ms per side label ('@x', 'tfjs-cpu', 'tfjs-wasm', 'PyTorch 1t', ...); absent sides are missing. */
  ms: Record<string, number>;
  /** Best (least disturbed) run in ms per side label. */
  best: Record<string, number>;
  /** Largest |@x - side| relative to max(1, max |side|) over the other sides. */
  diff: number;
  ok: boolean;
  /** With --passes=N (N > 1): each pass's row, of which this row is the summary. */
  passes?: readonly Row[];
}

export function ratio(ours: number | undefined, theirs: number | undefined): string {
  return ours === undefined || theirs === undefined ? '—' : `${(ours / theirs).toFixed(2)}×`;
}

function ms(x: number | undefined): string {
  if (x === undefined) return '—';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 0.1 ? x.toFixed(2) : x.toFixed(3);
}

/** One ratio column: numerator side / denominator side. */
export type Pair = readonly [string, string];

/** A Markdown table: the first column left-aligned, the others right-aligned. */
function markdown(head: readonly string[], body: readonly string[][]): string {
  const width = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: readonly string[]) => `| ${cells.map((s, c) => (c === 0 ? s.padEnd(width[c]!) : s.padStart(width[c]!))).join(' | ')} |`;
  const rule = `|${width.map((w, c) => (c === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

export function formatTable(rows: readonly Row[], pairs: readonly Pair[], sides: readonly string[]): string {
  const head = ['case', ...pairs.map(([a, b]) => `${a} / ${b}`), ...sides.map((o) => `${o} ms`), 'max rel diff', 'reps'];
  const body = rows.map((r) => [
    r.name, ...pairs.map(([a, b]) => ratio(r.ms[a], r.ms[b])), ...sides.map((o) => ms(r.ms[o])),
    (r.diff === 0 ? '0' : r.diff.toExponential(1)) + (r.ok ? '' : ' MISMATCH'), String(r.reps),
  ]);
  return markdown(head, body);
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

/** Geometric means of the ratios over a group of rows (the fair average of ratios), per ratio column. */
export function formatSummary(label: string, rows: readonly Row[], pairs: readonly Pair[]): string {
  const parts = pairs.flatMap(([a, b]) => {
    const rs = rows.filter((r) => r.ms[a] !== undefined && r.ms[b] !== undefined).map((r) => r.ms[a]! / r.ms[b]!);
    return rs.length === 0 ? [] : [`${a} / ${b} = ${geomean(rs).toFixed(2)}×`];
  });
  return `${label}: geometric mean of ${parts.join(', ')}`;
}

/** The ratios of the best runs: on a shared machine, the least disturbed run of each side. */
export function formatBestTable(rows: readonly Row[], pairs: readonly Pair[]): string {
  const head = ['case (best of reps)', ...pairs.map(([a, b]) => `${a} / ${b}`)];
  const body = rows.map((r) => [r.name, ...pairs.map(([a, b]) => ratio(r.best[a], r.best[b]))]);
  return markdown(head, body);
}

/** With several passes: each ratio's lowest and highest over the passes (their medians' ratios). */
export function formatSpreadTable(rows: readonly Row[], pairs: readonly Pair[]): string {
  const head = ['case (range over passes)', ...pairs.map(([a, b]) => `${a} / ${b}`)];
  const body = rows.map((r) => [
    r.name,
    ...pairs.map(([a, b]) => {
      const rs = (r.passes ?? [r]).filter((p) => p.ms[a] !== undefined && p.ms[b] !== undefined).map((p) => p.ms[a]! / p.ms[b]!);
      return rs.length === 0 ? '—' : `${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)}×`;
    }),
  ]);
  return markdown(head, body);
}

/**
 * One row from several passes of a case: each side's median time is the median of its passes'
 * medians, its best the best of all; the results must have agreed in every pass.
 */
export function combinePasses(passes: readonly Row[]): Row {
  const first = passes[0]!;
  if (passes.length === 1) return first;
  const sides = Object.keys(first.ms);
  return {
    name: first.name,
    reps: passes.reduce((n, p) => n + p.reps, 0),
    ms: Object.fromEntries(sides.map((k) => [k, median(passes.map((p) => p.ms[k]!))])),
    best: Object.fromEntries(sides.map((k) => [k, Math.min(...passes.map((p) => p.best[k]!))])),
    diff: Math.max(...passes.map((p) => p.diff)),
    ok: passes.every((p) => p.ok),
    passes,
  };
}
