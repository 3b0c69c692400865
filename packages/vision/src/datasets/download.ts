// Downloads with torchvision's rules: try each mirror in order, check the md5, and write atomically
// (a temporary file renamed into place), so an interrupted download never leaves a bad file.
// Node only: its modules come from process.getBuiltinModule when a download runs, so a browser bundle of
// @x/vision never imports them.
import { requireNode } from '../io/node-builtin';
import type { Resource } from './resources';

type Fs = typeof import('node:fs');
const fs = (api: string) => requireNode<Fs>('node:fs', api);

export function md5(bytes: Uint8Array): string {
  return requireNode<typeof import('node:crypto')>('node:crypto', 'md5').createHash('md5').update(bytes).digest('hex');
}

/** Writes `bytes` to `file` through a temporary sibling and a rename (atomic on one filesystem). */
export function writeAtomic(file: string, bytes: Uint8Array): void {
  const { writeFileSync, renameSync, existsSync, unlinkSync } = fs('dataset download');
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } finally {
    if (existsSync(tmp)) unlinkSync(tmp);
  }
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`HTTP Error ${res.status}: ${res.statusText}`);
  return new Uint8Array(await res.arrayBuffer());
}

/**
 * Downloads each missing resource into `folder`, trying `mirrors` in order (torchvision's
 * `download`). A file whose md5 differs is an error: a wrong mirror or a corrupted transfer.
 */
export async function downloadResources(name: string, folder: string, resources: readonly Resource[], mirrors: readonly string[]): Promise<void> {
  const { mkdirSync, existsSync } = fs(`${name} download`);
  const { join } = requireNode<typeof import('node:path')>('node:path', `${name} download`);
  mkdirSync(folder, { recursive: true });
  for (const [file, expected] of resources) {
    const target = join(folder, file);
    if (existsSync(target)) continue;
    const failures: string[] = [];
    let done = false;
    for (const mirror of mirrors) {
      const url = `${mirror}${mirror.endsWith('/') ? '' : '/'}${file}`;
      let bytes: Uint8Array;
      try {
        bytes = await fetchBytes(url);
      } catch (e) {
        // torchvision prints "Failed to download (trying next)" and moves on.
        failures.push(`${url}: ${(e as Error).message}`);
        continue;
      }
      const actual = md5(bytes);
      if (actual !== expected) {
        throw new Error(`${name}: the file downloaded from ${url} has md5 ${actual}, expected ${expected}: the mirror serves a different or corrupted file; nothing was written`);
      }
      writeAtomic(target, bytes);
      done = true;
      break;
    }
    if (!done) throw new Error(`${name}: error downloading ${file} from every mirror:\n  ${failures.join('\n  ')}`);
  }
}
