// Seeded, time-bounded fuzzing of the saved-module structure (issue 9): random edits of the JSON tree of
// a saved Sequential(Linear, ReLU, Linear). Each file must load into modules that run, or be refused with
// a clean Error naming torch.loadBytes; counts are printed.
import { expect, it } from 'vitest';
import '@x/backend-cpu';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

type J = unknown;

function mutate(r: () => number, v: J, depth = 0): J {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)]!;
  if (r() < 0.15 || depth > 6) {
    return pick<J>([null, 0, -1, 1.5, 'x', '', 'forward', '__proto__', true, [], {}, [[[[[]]]]], { kind: 'value' }, { kind: 'parameter', tensor: null }, { $tensor: 'nope' }, { $type: 'module', $state: {} }]);
  }
  if (Array.isArray(v)) {
    const out = v.map((x) => (r() < 0.3 ? mutate(r, x, depth + 1) : x));
    if (r() < 0.2) out.splice(Math.floor(r() * (out.length + 1)), 1);
    if (r() < 0.1) out.push(mutate(r, out[0] ?? null, depth + 1));
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, J> = {};
    for (const [k, x] of Object.entries(v as Record<string, J>)) {
      if (r() < 0.1) continue;
      out[r() < 0.05 ? pick(['forward', 'fields', 'class', '$state', 'kind', 'x']) : k] = r() < 0.3 ? mutate(r, x, depth + 1) : x;
    }
    return out;
  }
  return r() < 0.5 ? v : mutate(r, v, 99);
}

it('saved-module structure: random edits load as working modules or give clean errors', async () => {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 3), new nn.ReLU(), new nn.Linear(3, 2));
  const bytes = await torch.saveBytes(model);
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as { __metadata__: Record<string, string> };
  const structure = JSON.parse(header.__metadata__['x.structure']!) as J;
  const rebuild = (s: J): Uint8Array => {
    const h = { ...header, __metadata__: { ...header.__metadata__, 'x.structure': JSON.stringify(s) } };
    let text = JSON.stringify(h);
    text += ' '.repeat((8 - (text.length % 8)) % 8);
    const json = new TextEncoder().encode(text);
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - n);
    new DataView(out.buffer).setUint32(0, json.length, true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + n), 8 + json.length);
    return out;
  };
  const g = new torch.Generator(13);
  const r = () => g.nextFloat64();
  const t = { inputs: 0, accepted: 0, cleanErrors: 0, crashes: [] as string[], hangs: 0, silentAcceptances: [] as string[] };
  const x = torch.rand([5, 4]);
  const deadline = performance.now() + 3000;
  for (let i = 0; i < 3000 && performance.now() < deadline; i++) {
    const file = rebuild(mutate(r, structure));
    t.inputs++;
    const t0 = performance.now();
    let loaded: unknown;
    try {
      loaded = torch.loadBytes(file, { modules: {} });
    } catch (e) {
      if (e instanceof Error && /^torch\.loadBytes: /.test(e.message) && !/is not iterable|Cannot read properties|undefined is not/.test(e.message)) t.cleanErrors++;
      else t.crashes.push(`${i}: ${String(e instanceof Error ? `${e.name}: ${e.message}` : e).slice(0, 200)}`);
      continue;
    } finally {
      if (performance.now() - t0 > 5000) t.hangs++;
    }
    t.accepted++;
    // Accepted: every module in it must work (its methods intact, its parameters present).
    if (loaded instanceof nn.Module) {
      try {
        for (const m of loaded.modules()) {
          m.stateDict();
          m.parameters();
        }
        if (loaded instanceof nn.Sequential) loaded.forward(x);
      } catch (e) {
        t.silentAcceptances.push(`${i}: loaded, then ${(e as Error).message.slice(0, 150)}`);
      }
    }
  }
  const { inputs, accepted, cleanErrors, hangs } = t;
  console.log(`saved-module structure: ${JSON.stringify({ inputs, accepted, cleanErrors, crashes: t.crashes.length, hangs, silentAcceptances: t.silentAcceptances.length })}`);
  expect(t.crashes).toEqual([]);
  expect(t.silentAcceptances).toEqual([]);
  expect(t.hangs).toBe(0);
  expect(t.inputs).toBeGreaterThan(200);
});
