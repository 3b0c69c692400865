// Runs every case on @x (CPU backend), tfjs 'cpu' and tfjs 'wasm' in one process, one case at a
// time with the three sides interleaved, and prints time ratios ours / theirs.
import os from 'node:os';
import { allCases, type Case } from './cases';
import { measure } from './harness';
import { prepareOurs } from './ours';
import { formatSummary, formatTable, type Row } from './table';
import { initTfjs, prepareTfjs, tfjsTensorCount } from './tfjs';
import { maxAbs, maxAbsDiff } from './verify';

async function runCase(c: Case): Promise<Row> {
  const tensorsBefore = tfjsTensorCount();
  const sides = [prepareOurs(c), await prepareTfjs(c, 'cpu'), await prepareTfjs(c, 'wasm')];
  const [ours, cpu, wasm] = await measure(sides, c.warmup, c.reps, c.rounds);
  for (const s of sides) s.dispose();
  const leaked = tfjsTensorCount() - tensorsBefore;
  if (leaked !== 0) throw new Error(`tfjs: ${leaked} tensors leaked in '${c.name}'`);
  // Same numbers, or the timings compare different work.
  const diffCpu = maxAbsDiff(ours!.last, cpu!.last);
  const diffWasm = maxAbsDiff(ours!.last, wasm!.last);
  const ok = diffCpu <= c.tol * Math.max(1, maxAbs(cpu!.last)) && diffWasm <= c.tol * Math.max(1, maxAbs(wasm!.last));
  return {
    name: c.name, reps: c.reps, ok, diffCpu, diffWasm,
    oursMs: ours!.timing.medianMs, cpuMs: cpu!.timing.medianMs, wasmMs: wasm!.timing.medianMs,
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const tf = await initTfjs();
  const cpus = os.cpus();
  console.log(`date: ${new Date().toISOString().slice(0, 10)}`);
  console.log(`machine: ${cpus.length} logical cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${os.platform()} ${os.arch()}, node ${process.version}`);
  console.log(`load average at start: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other work on the machine adds noise)`);
  console.log(`tfjs ${tf.version}; wasm backend: SIMD ${tf.wasmSimd ? 'on' : 'off'}, multithreading ${tf.wasmMultithread ? 'on' : 'off'}, ${tf.wasmThreads} thread(s)`);
  console.log('@x: CPU backend, single thread');
  console.log('');

  // Optional arguments filter the cases by substring: `pnpm bench matmul`.
  const filters = process.argv.slice(2);
  const rows: Row[] = [];
  for (const c of allCases().filter((k) => filters.length === 0 || filters.some((f) => k.name.includes(f)))) {
    process.stderr.write(`  ${c.name} ...`);
    rows.push(await runCase(c));
    process.stderr.write(' done\n');
  }

  console.log('Ratio = @x median time / tfjs median time: below 1 means @x is faster, above 1 means @x is slower.');
  console.log('');
  console.log(formatTable(rows));
  console.log('');
  const matmul = rows.filter((r) => r.name.startsWith('matmul'));
  const elementwise = rows.filter((r) => !r.name.startsWith('matmul'));
  if (elementwise.length > 0) console.log(formatSummary('elementwise', elementwise));
  if (matmul.length > 0) console.log(formatSummary('matmul', matmul));
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
