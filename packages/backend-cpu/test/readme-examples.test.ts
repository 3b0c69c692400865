// The ```ts blocks of the package READMEs are runnable: each is written to a module next to this
// test (so its imports resolve through the workspace) and imported; a block that throws fails.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const readmes = ['../../tensor/README.md', '../README.md'];
const tmp = fileURLToPath(new URL('./.readme-blocks/', import.meta.url));

function blocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

for (const readme of readmes) {
  describe(readme.replace(/^[./]+/, ''), () => {
    const code = blocks(readFileSync(fileURLToPath(new URL(readme, import.meta.url)), 'utf8'));
    it('has examples', () => expect(code.length).toBeGreaterThan(0));
    code.forEach((block, i) => {
      it(`block ${i + 1} runs`, async () => {
        mkdirSync(tmp, { recursive: true });
        const file = `${tmp}${readme.replace(/\W+/g, '_')}_${i}.ts`;
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
}
