// The browser entry of the training program: the page reads window.__result when it settles.
import { train } from './train';

const w = globalThis as unknown as { __result?: unknown; __error?: string };
train().then(
  (r) => { w.__result = r; },
  (e: unknown) => { w.__error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e); },
);
