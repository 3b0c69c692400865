// The PyTorch sides: pytorch/server.py in a child process per thread count, run as the issue asks for
// a fair anchor: Debian's python3-torch with OpenBLAS's OpenMP build, its core type named (OpenBLAS
// 0.3.21 misdetects this CPU and runs 7x slower otherwise), OMP_NUM_THREADS = torch threads. Each
// answers timing requests, so its runs alternate with the JavaScript sides' runs in rounds.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Side } from './harness';

const PYTHON = '/usr/bin/python3';
const OPENBLAS = '/usr/lib/x86_64-linux-gnu/openblas-openmp';
const SERVER = fileURLToPath(new URL('../pytorch/server.py', import.meta.url));

function env(threads: number): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, OMP_NUM_THREADS: String(threads) };
  if (existsSync(OPENBLAS)) {
    e.LD_LIBRARY_PATH = OPENBLAS + (process.env.LD_LIBRARY_PATH ? `:${process.env.LD_LIBRARY_PATH}` : '');
    e.OPENBLAS_CORETYPE ??= 'SkylakeX';
  }
  return e;
}

/** What the PyTorch side is, or why it is absent. */
export function pytorchInfo(): { available: boolean; text: string } {
  const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__, torch.get_num_threads())'], { env: env(1), encoding: 'utf8' });
  if (r.status !== 0) return { available: false, text: `PyTorch: not run (${PYTHON} with torch and numpy is needed)` };
  const blas = existsSync(OPENBLAS) ? `OpenBLAS (OpenMP build, OPENBLAS_CORETYPE=${env(1).OPENBLAS_CORETYPE})` : 'the default BLAS (install libopenblas0-openmp for a fair anchor)';
  return { available: true, text: `PyTorch ${r.stdout.trim().split(' ')[0]} via ${PYTHON}, ${blas}` };
}

export class PytorchServer {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly answers: ((line: string) => void)[] = [];

  constructor(readonly threads: number) {
    this.child = spawn(PYTHON, [SERVER, String(threads)], { env: env(threads) });
    this.child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
    createInterface({ input: this.child.stdout }).on('line', (line) => this.answers.shift()?.(line));
  }

  request(req: object): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      this.answers.push((line) => {
        const answer = JSON.parse(line) as Record<string, unknown>;
        if (typeof answer.error === 'string') reject(new Error(`PyTorch (${this.threads} thread(s)): ${answer.error}`));
        else resolve(answer);
      });
      this.child.stdin.write(JSON.stringify(req) + '\n');
    });
  }

  /** One case on this server, as a bench side. */
  async side(name: string): Promise<Side> {
    await this.request({ op: 'prepare', case: name });
    return {
      label: `PyTorch ${this.threads}t`,
      activate: async () => undefined,
      batch: async (reps) => (await this.request({ op: 'run', case: name, reps })).ms as number[],
      last: async () => {
        const b64 = (await this.request({ op: 'result', case: name })).data as string;
        const bytes = Buffer.from(b64, 'base64');
        return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
      },
      dispose: async () => undefined,
    };
  }

  close(): void {
    this.child.stdin.end();
  }
}
