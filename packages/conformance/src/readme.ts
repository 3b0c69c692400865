// Runs the ```ts blocks of a README as modules (blocks fenced `ts ignore` are excerpts and skipped).
// Each block is written next to the calling test, so its imports resolve through the workspace.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

/** `readme` and `scratchDir` are URLs (e.g. `new URL('../README.md', import.meta.url)`). */
export function describeReadme(name: string, readme: URL, scratchDir: URL): void {
  const tmp = fileURLToPath(scratchDir);
  const blocks = [...readFileSync(fileURLToPath(readme), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
  describe(name, () => {
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));
    it('has examples', () => expect(blocks.length).toBeGreaterThan(0));
    blocks.forEach((block, i) => {
      it(`block ${i + 1} runs`, async () => {
        mkdirSync(tmp, { recursive: true });
        const file = `${tmp}/${name.replace(/\W+/g, '_')}_${i}.ts`;
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
