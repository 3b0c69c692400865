// `pnpm bench`: every case on @x (CPU backend), tfjs 'cpu', tfjs 'wasm' and, when /usr/bin/python3
// has torch, PyTorch at 1 and 2 threads, in one process tree; the sides of a case alternate in rounds.
// Prints one table of time ratios (@x / each side) and medians. Arguments filter cases by substring.
import os from 'node:os';
import * as torch from '@x/tensor';
import { allCases, DEFAULT_WARMUP_MS, type Case, type Runner } from './cases';
import { localSide, measure, type Side } from './harness';
import { pytorchInfo, PytorchServer } from './pytorch';
import { combinePasses, formatBestTable, formatSpreadTable, formatSummary, formatTable, type Pair, type Row } from './table';
import { initTfjs, tfjsSide, tfjsTensorCount } from './tfjs';
import { maxAbs, maxAbsDiff } from './verify';

/** @x runs each case on 1 and on 2 threads (torch.setNumThreads before each of its rounds). */
const OURS: readonly [string, number][] = [['@x 1t', 1], ['@x 2t', 2]];

/** `--skip=tfjs-cpu` (comma-separated backends) leaves tfjs backends out: tfjs-cpu's CNN step takes seconds per run. */
const skipped = new Set(process.argv.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice(7).split(',')));

/** `--passes=N` runs all the cases N times over and reports the median of the passes' medians, with each ratio's range. */
const passes = Math.max(1, Number(process.argv.find((a) => a.startsWith('--passes='))?.slice(9) ?? 1) || 1);

/** Runs a throwaway runner for `ms` (at least once), so that the timed side starts from code V8 has optimized. */
function prewarm(make: () => Runner, ms: number): void {
  const runner = make();
  const t0 = performance.now();
  do runner.run();
  while (performance.now() - t0 < ms);
  runner.dispose();
}

async function runCase(c: Case, servers: PytorchServer[]): Promise<Row> {
  const warmupMs = c.warmupMs ?? DEFAULT_WARMUP_MS;
  for (const [, n] of OURS) {
    torch.setNumThreads(n);
    if (warmupMs > 0) prewarm(c.ours, warmupMs / OURS.length);
  }
  const tensorsBefore = tfjsTensorCount();
  const sides: Side[] = OURS.map(([label, n]) => localSide(label, c.ours(), async () => torch.setNumThreads(n)));
  if (c.tfjs) {
    for (const b of ['cpu', 'wasm'] as const) {
      if (c.tfjsMissing?.[b] || skipped.has(`tfjs-${b}`)) continue;
      const side = await tfjsSide(c, b);
      if (warmupMs > 0) prewarm(c.tfjs, warmupMs);
      sides.push(side);
    }
  }
  for (const s of servers) sides.push(await s.side(c.name));
  const medians = await measure(sides, c.warmup, c.reps, c.rounds, c.roundWarmup);
  // Same numbers, or the timings compare different work.
  const results = await Promise.all(sides.map((s) => s.last()));
  let diff = 0;
  for (let i = 1; i < sides.length; i++) diff = Math.max(diff, maxAbsDiff(results[0]!, results[i]!) / Math.max(1, maxAbs(results[i]!)));
  for (const s of sides) await s.dispose();
  const leaked = tfjsTensorCount() - tensorsBefore;
  if (leaked !== 0) process.stderr.write(`\n  warning: tfjs kept ${leaked} tensors after '${c.name}'\n`);
  return {
    name: c.name, reps: c.reps, diff, ok: diff <= c.tol,
    ms: Object.fromEntries(sides.map((s, i) => [s.label, medians[i]!.median])),
    best: Object.fromEntries(sides.map((s, i) => [s.label, medians[i]!.best])),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const tf = await initTfjs();
  const py = pytorchInfo();
  const cpus = os.cpus();
  console.log(`date: ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${cpus.length} logical cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${os.platform()} ${os.arch()}, node ${process.version}`);
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine adds noise)`);
  console.log(`tfjs ${tf.version}; wasm backend: SIMD ${tf.wasmSimd ? 'on' : 'off'}, multithreading ${tf.wasmMultithread ? 'on' : 'off'}, ${tf.wasmThreads} thread(s)`);
  console.log(`@x: CPU backend (WebAssembly SIMD kernels), 1 and 2 threads`);
  console.log(py.text);
  console.log('');

  const servers = py.available ? [new PytorchServer(1), new PytorchServer(2)] : [];
  const sideNames = ['@x 1t', '@x 2t', 'tfjs-cpu', 'tfjs-wasm', ...servers.map((s) => `PyTorch ${s.threads}t`)];
  const pairs: Pair[] = [['@x 1t', 'tfjs-cpu'], ['@x 1t', 'tfjs-wasm'], ['@x 2t', 'tfjs-wasm']];
  if (servers.length > 0) pairs.push(['@x 1t', 'PyTorch 1t'], ['@x 2t', 'PyTorch 2t']);
  const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const cases = allCases().filter((k) => filters.length === 0 || filters.some((f) => k.name.includes(f)));
  const passRows = new Map<string, Row[]>(cases.map((c) => [c.name, []]));
  try {
    // pass after pass over all the cases, so that a case's passes lie minutes apart (this VM has
    // phases, hundreds of ms long, in which the same kernel runs 1.5-5x slower)
    for (let pass = 1; pass <= passes; pass++) {
      for (const c of cases) {
        process.stderr.write(`  ${passes > 1 ? `[pass ${pass}/${passes}] ` : ''}${c.name} ...`);
        const row = await runCase(c, servers);
        passRows.get(c.name)!.push(row);
        // progress, and the medians should the run be cut short
        process.stderr.write(` ${Object.entries(row.ms).map(([k, v]) => `${k} ${v.toPrecision(3)}`).join(', ')} ms\n`);
      }
    }
  } finally {
    for (const s of servers) s.close();
  }
  const rows = cases.map((c) => combinePasses(passRows.get(c.name)!));

  console.log("Ratio = @x's median time / the other side's median time: below 1 means @x is faster. tfjs-wasm runs 1 thread under Node.");
  if (passes > 1) console.log(`${passes} passes over the cases: each side's time is the median of its ${passes} passes' medians.`);
  console.log('');
  console.log(formatTable(rows, pairs, sideNames));
  console.log('');
  for (const group of ['elementwise', 'matmul', 'training'] as const) {
    const names = new Set(allCases().filter((c) => c.group === group).map((c) => c.name));
    const g = rows.filter((r) => names.has(r.name));
    if (g.length > 0) console.log(formatSummary(group, g, pairs));
  }
  console.log('');
  console.log('The same runs, best of each side (on a shared machine, medians include time the scheduler gave to other work):');
  console.log('');
  console.log(formatBestTable(rows, pairs));
  if (passes > 1) {
    console.log('');
    console.log(`The ratios' range over the ${passes} passes:`);
    console.log('');
    console.log(formatSpreadTable(rows, pairs));
  }
  for (const c of allCases()) for (const [b, why] of Object.entries(c.tfjsMissing ?? {})) if (rows.some((r) => r.name === c.name)) console.log(`${c.name}, tfjs-${b}: not run (${why})`);
  const mem = torch.memory('cpu');
  console.log(
    `@x CPU heap: ${((mem.heapBytes ?? 0) / 2 ** 20).toFixed(1)} MiB claimed of ${((mem.heapLimitBytes ?? 0) / 2 ** 20).toFixed(0)}; ` +
      `${mem.offHeapAllocs ?? 0} tensors and ${mem.offHeapOperands ?? 0} kernel operands outside it (the TypeScript kernels' slow path; 0 expected)`,
  );
  if ((mem.offHeapAllocs ?? 0) > 0) console.error('WARNING: the @x heap overflowed: some @x timings ran on the TypeScript kernels.');
  console.log(`total time: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (rows.some((r) => !r.ok)) {
    console.error('MISMATCH: some results differ beyond tolerance; those timings compare different work.');
    process.exitCode = 1;
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
