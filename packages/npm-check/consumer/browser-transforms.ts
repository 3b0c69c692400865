// The browser entry of the transforms program: the page reads window.__result when it settles.
import { pipeline } from './transforms';

const w = globalThis as unknown as { __result?: unknown; __error?: string };
pipeline().then(
  (r) => { w.__result = r; },
  (e: unknown) => { w.__error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e); },
);
