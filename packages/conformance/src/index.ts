// @x/conformance: PyTorch's golden cases, run against any registered backend with one call.
//
//   // packages/backend-cpu/test/conformance.test.ts
//   import '../src/index';
//   import { runConformance } from '@x/conformance';
//   runConformance({ device: 'cpu' });
import { describe, it } from 'vitest';
import * as torch from '@x/tensor';
import { compareResult, Mismatch, settle } from './compare';
import { decodeArg } from './decode';
import { FAMILIES, loadFixture, type Case, type Family } from './fixtures';
import { runGradCase } from './grads';
import { refusalOf, runRefusal } from './capability';
import { NOT_APPLICABLE, OPS, type CallContext } from './ops';

export { FAMILIES, loadFixture, fixtureFilesOnDisk, FIXTURE_DIR } from './fixtures';
export type { Arg, Case, EncodedTensor, Expected, ExpectedError, Family, FixtureFile, ViewStep, ViewTensor } from './fixtures';
export { OPS, NOT_APPLICABLE, addOps } from './ops';
export type { CallContext, Form, OpForms } from './ops';
export { TOLERANCES, close, compareResult, compareTensor, Mismatch } from './compare';
export { buildTensor, applyView, decodeArg, decodeValue } from './decode';
export { runGradCase } from './grads';
export { refusalOf, runRefusal, type Refusal } from './capability';

/** The suffix of a gradient check's test name: `add/broadcast/row [grad]`. */
export const GRAD_SUFFIX = ' [grad]';

export interface ConformanceOptions {
  /** The device the cases run on ('cpu', 'webgpu', ...); its backend must be imported first. */
  device: torch.Device;
  /**
   * Cases to skip, explicitly and counted: case-name prefix → reason (e.g. `{ 'at/mask': 'needs atAsync' }`).
   * End a prefix with '/' to mean one op ('max/' does not match 'maximum/...'). A prefix that matches no
   * case fails the suite, so the list cannot go stale.
   */
  skip?: Record<string, string>;
  /** Run only these fixture families (default: all). */
  families?: readonly Family[];
  /**
   * Also check gradients (needs `@x/autograd` imported): every case with `grads` gets a second test,
   * named with the suffix ' [grad]', that compares each input's .grad with PyTorch's. Skip prefixes
   * match these names too ('add/' skips both; 'add/broadcast/row [grad]' only the gradient check).
   */
  grads?: boolean;
}

/** Errors that mean the op is missing or broken, not that it refused the input like PyTorch. */
const NOT_A_REFUSAL = /is not a function|is not iterable|cannot read propert|is not defined|not yet implemented|maximum call stack/i;

/** Case-insensitive, and blind to '_', so that 'indexSelect' matches PyTorch's spelling 'index_select' too. */
const looseText = (s: string) => s.toLowerCase().replace(/_/g, '');

function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Runs a case inside torch.tidy and checks that it leaks nothing: the live tensors on the device
 * before and after are the same count.
 */
async function withoutLeaks(name: string, device: torch.Device, run: () => Promise<void>): Promise<void> {
  const before = torch.liveTensors(device);
  try {
    await torch.tidy(run);
  } finally {
    await torch.sync(device).catch(() => {}); // an error flag left by a refused case must not reach the next one
  }
  const after = torch.liveTensors(device);
  if (after !== before) throw new Mismatch(`${name}: leaked ${after - before} tensor(s) on '${device}' (live tensors ${before} before, ${after} after, inside a tidy)`);
}

/** Run one case on `device`: every form of its op must match PyTorch. Throws on a mismatch. */
export async function runCase(c: Case, device: torch.Device): Promise<void> {
  const forms = OPS[c.op];
  if (!forms) throw new Error(`conformance: op '${c.op}' (case ${c.name}) has no entry in the op table (src/ops.ts)`);
  let ran = 0;
  for (const [label, form] of Object.entries(forms)) {
    // fresh inputs for every form: `set` and in-place ops must not see another form's writes
    const ctx: CallContext = {
      args: c.args.map((a) => decodeArg(a, device)),
      kwargs: Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [k, decodeArg(v, device)])),
      device,
    };
    const where = `${c.op} [${label}]`;
    if (c.error) {
      let result: unknown;
      try {
        result = await form(ctx);
        if (result === NOT_APPLICABLE) continue;
        await settle(result);
      } catch (e) {
        ran++;
        const msg = errorMessage(e);
        if (NOT_A_REFUSAL.test(msg)) throw new Mismatch(`${where}: threw, but not a refusal of the input: ${msg}`);
        const missing = c.error.includes.filter((s) => !looseText(msg).includes(looseText(s)));
        if (missing.length > 0) {
          throw new Mismatch(
            `${where}: the error message must contain ${missing.map((s) => JSON.stringify(s)).join(', ')}\n` +
              `  got:     ${msg}\n  PyTorch: ${c.error.torch}`,
          );
        }
        continue;
      }
      throw new Mismatch(`${where}: expected an error like PyTorch's (${c.error.torch}), but it returned a result`);
    }
    let result: unknown;
    try {
      result = await form(ctx);
    } catch (e) {
      throw new Mismatch(`${where}: threw ${errorMessage(e)}`, { cause: e });
    }
    if (result === NOT_APPLICABLE) continue;
    ran++;
    if (c.expect === undefined) throw new Error(`conformance: case ${c.name} has neither expect nor error`);
    await compareResult(result, c.expect, where, { device, signedZeros: c.signed_zeros === true });
  }
  if (ran === 0) throw new Error(`conformance: no form of '${c.op}' applies to case ${c.name} on '${device}'`);
}

/**
 * Register the conformance suite with vitest: one `describe` per fixture family, one `it` per case.
 * Call it at the top level of a test file, after importing the backend that provides `device`.
 */
export function runConformance(opts: ConformanceOptions): void {
  const { device } = opts;
  const skip = Object.entries(opts.skip ?? {});
  const used = new Map<string, number>(skip.map(([prefix]) => [prefix, 0]));
  const families = opts.families ?? FAMILIES;
  const skipReason = (name: string): string | undefined => {
    for (const [prefix, reason] of skip) {
      if (name.startsWith(prefix)) {
        used.set(prefix, used.get(prefix)! + 1);
        return reason;
      }
    }
    return undefined;
  };

  // decide every skip before registering anything, so that the counts are known up front
  const plan = families.map((family) => ({
    family,
    cases: loadFixture(family).cases.flatMap((c) => {
      const value = { c, name: c.name, grad: false, reason: skipReason(c.name) };
      if (!opts.grads || !c.grads) return [value];
      const name = c.name + GRAD_SUFFIX;
      return [value, { c, name, grad: true, reason: skipReason(name) }];
    }),
  }));
  const total = [...used.values()].reduce((a, b) => a + b, 0);
  const stale = [...used.entries()].filter(([, n]) => n === 0).map(([p]) => p);

  describe(`conformance on '${device}'`, () => {
    for (const { family, cases } of plan) {
      describe(family, () => {
        for (const { c, name, grad, reason } of cases) {
          if (reason !== undefined) it.skip(`${name} (skipped: ${reason})`, () => {});
          else {
            // a dtype the device cannot hold (float64 on WebGPU): the case checks the refusal instead
            it(name, () =>
              withoutLeaks(name, device, () => {
                const refusal = refusalOf(c, device);
                if (refusal) return runRefusal(c, device, refusal);
                return grad ? runGradCase(c, device) : runCase(c, device);
              }),
            );
          }
        }
      });
    }
    if (skip.length > 0) {
      const summary = [...used.entries()].map(([p, n]) => `'${p}': ${n}`).join(', ');
      it(`skip list: ${total} case(s) skipped (${summary})`, () => {
        if (stale.length > 0 && !opts.families) {
          throw new Error(`conformance: skip prefixes that match no case (remove them): ${stale.join(', ')}`);
        }
      });
    }
  });
}
export { deferredBackend, strictDevice, type DeferredOptions, type DeferredBackend, type DeviceCounts } from './deferred-backend';
export { describeReadme } from './readme';
export { describeDistClassNames } from './dist-names';
