// Issue 9: torch.load reads regular files only and never reads past their size; torch.save removes the
// temp files of killed saves of the same target; deeply nested header values give clear errors.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { load } from '../src/serialize/load';
import { save } from '../src/serialize/save';
import { parseSafetensors } from '../src/serialize/header';

function header(json: string): Uint8Array {
  const text = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + text.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  return out;
}

describe('torch.load reads regular files only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'x-load-'));
  const p = (n: string) => join(dir, n);
  symlinkSync('/dev/zero', p('zero.safetensors'));
  symlinkSync('/dev/urandom', p('random.safetensors'));
  execFileSync('mkfifo', [p('fifo.safetensors')]);
  mkdirSync(p('dir.safetensors'));
  symlinkSync(p('nowhere'), p('dangling.safetensors'));
  const cases: [string, RegExp][] = [
    ['zero', /^torch\.load: could not read ".*zero\.safetensors": it is a character device, not a regular file; pass the path of a file$/],
    ['random', /^torch\.load: could not read ".*random\.safetensors": it is a character device, not a regular file/],
    ['fifo', /^torch\.load: could not read ".*fifo\.safetensors": it is a FIFO \(named pipe\), not a regular file/],
    ['dir', /^torch\.load: could not read ".*dir\.safetensors": it is a directory, not a regular file/],
    ['dangling', /^torch\.load: could not read ".*dangling\.safetensors": it is a symbolic link to a file that does not exist \(ENOENT\)$/],
    ['missing', /^torch\.load: could not read ".*missing\.safetensors": no such file \(ENOENT\)$/],
  ];
  for (const [name, message] of cases) {
    it(name, async () => {
      const t0 = performance.now();
      await expect(load(p(`${name}.safetensors`))).rejects.toThrow(message);
      expect(performance.now() - t0).toBeLessThan(10_000); // a hang, not a speed check: the failure it guards against never ends
    });
  }
  it('a header length past the end of the file is refused from the first 8 bytes', async () => {
    const bytes = new Uint8Array(64);
    new DataView(bytes.buffer).setUint32(0, 1000, true);
    writeFileSync(p('short.safetensors'), bytes);
    await expect(load(p('short.safetensors'))).rejects.toThrow(/^torch\.load: .*short\.safetensors: the header length 1000 runs past the end of the file \(64 bytes\)/);
  });
});

describe("torch.save's temp files", () => {
  it('a save removes the temp files that killed saves of the same target left, and only those', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'x-save-'));
    // A pid that no longer runs: a child that has exited.
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    const stale = [`.model.safetensors.${dead}.abc123.x-save.tmp`, `.model.safetensors.${dead}.zz.x-save.tmp`];
    const kept = [`.model.safetensors.${process.pid}.live.x-save.tmp`, `.other.safetensors.${dead}.abc.x-save.tmp`, 'notes.tmp'];
    for (const n of [...stale, ...kept]) writeFileSync(join(dir, n), 'partial');
    await save({ epoch: 3 }, join(dir, 'model.safetensors'));
    expect(readdirSync(dir).sort()).toEqual([...kept, 'model.safetensors'].sort());
  });
});

describe('deeply nested header values', () => {
  it('a shape or data_offsets nested 100,000 deep gives the header error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseSafetensors(header(`{"t":{"dtype":"F32","shape":${deep},"data_offsets":[0,0]}}`), 'torch.loadBytes')).toThrow(
      /^torch\.loadBytes: tensor "t": shape \[\[\[\[…\]\]\]\] must hold non-negative integers$/,
    );
    expect(() => parseSafetensors(header(`{"t":{"dtype":"F32","shape":[],"data_offsets":${deep}}}`), 'torch.loadBytes')).toThrow(
      /^torch\.loadBytes: tensor "t": data_offsets \[\[\[\[…\]\]\]\] must be \[begin, end\]/,
    );
  });
});
