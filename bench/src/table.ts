// Prints the results as a Markdown table (pasteable into the README): ratios first, medians after.
export interface Row {
  name: string;
  reps: number;
  oursMs: number;
  cpuMs: number;
  wasmMs: number;
  diffCpu: number;
  diffWasm: number;
  ok: boolean;
}

export function ratio(ours: number, theirs: number): string {
  return `${(ours / theirs).toFixed(2)}×`;
}

function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function diff(x: number): string {
  return x === 0 ? '0' : x.toExponential(1);
}

function geomean(xs: readonly number[]): number {
  return Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length);
}

export function formatTable(rows: readonly Row[]): string {
  const head = ['case', '@x / tfjs-cpu', '@x / tfjs-wasm', '@x ms', 'tfjs-cpu ms', 'tfjs-wasm ms', 'max abs diff vs cpu', 'max abs diff vs wasm', 'reps'];
  const body = rows.map((r) => [
    r.name, ratio(r.oursMs, r.cpuMs), ratio(r.oursMs, r.wasmMs), ms(r.oursMs), ms(r.cpuMs), ms(r.wasmMs),
    diff(r.diffCpu) + (r.ok ? '' : ' MISMATCH'), diff(r.diffWasm) + (r.ok ? '' : ' MISMATCH'), String(r.reps),
  ]);
  const width = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((s, c) => (c === 0 ? s.padEnd(width[c]!) : s.padStart(width[c]!))).join(' | ')} |`;
  const rule = `|${width.map((w, c) => (c === 0 ? ':' + '-'.repeat(w + 1) : '-'.repeat(w + 1) + ':')).join('|')}|`;
  return [line(head), rule, ...body.map(line)].join('\n');
}

/** Geometric means of the ratios over a group of rows (the fair average of ratios). */
export function formatSummary(label: string, rows: readonly Row[]): string {
  const cpu = geomean(rows.map((r) => r.oursMs / r.cpuMs));
  const wasm = geomean(rows.map((r) => r.oursMs / r.wasmMs));
  return `${label}: geometric mean of @x / tfjs-cpu = ${cpu.toFixed(2)}×, @x / tfjs-wasm = ${wasm.toFixed(2)}×`;
}
