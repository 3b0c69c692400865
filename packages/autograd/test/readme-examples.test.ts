// The ```ts blocks of this package's README run (blocks fenced `ts ignore` are excerpts).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const tmp = fileURLToPath(new URL('./.readme-blocks/', import.meta.url));
const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('autograd README', () => {
  it('has examples', () => expect(blocks.length).toBeGreaterThan(3));
  blocks.forEach((block, i) => {
    it(`block ${i + 1} runs`, async () => {
      mkdirSync(tmp, { recursive: true });
      const file = `${tmp}block_${i}.ts`;
      writeFileSync(file, block);
      const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        await import(/* @vite-ignore */ file);
      } finally {
        log.mockRestore();
      }
    });
  });
});
