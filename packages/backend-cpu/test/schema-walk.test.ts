// A walk over every op declared in @x/tensor's schema: each Tensor method and torch.* function exists,
// refuses an option it does not know (naming the op and the parameters it takes), and a function called
// with everything by keyword still reports its missing required parameters by name. That the keyword
// forms give the positional forms' values is checked per op by the conformance suite (both forms of
// every case) and by the nn/optim/data/vision keyword-form walks.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import { describe, expect, it } from 'vitest';
import { OPS } from '../../tensor/src/schema/index';
import { signaturesOf, variantsOf } from '../../tensor/src/schema/signatures';

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const call = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

const names = OPS.flatMap((op) => [op.name, ...(op.aliases ?? [])].map((name) => ({ op, name })));

describe('every op in the schema', () => {
  it('is declared once and has both forms where PyTorch does', () => {
    expect(names.length).toBeGreaterThan(200);
    expect(new Set(names.map((n) => n.name)).size).toBe(names.length);
  });

  for (const { op, name } of names) {
    const variants = variantsOf(op);
    if (variants.includes('method')) {
      it(`Tensor.${name} refuses an unknown option`, () => {
        const x = torch.ones(2, 2);
        const method = (x as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
        expect(typeof method).toBe('function');
        const message = call(() => method!.call(x, { notAnOption: 1 }));
        expect(message).toMatch(new RegExp(`^Tensor\\.${escape(name)}\\(\\): `));
        expect(message).toMatch(/'notAnOption'/);
      });
    }
    if (variants.includes('function')) {
      it(`torch.${name} refuses an unknown option and names its missing parameters`, () => {
        const fn = (torch as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
        expect(typeof fn).toBe('function');
        const message = call(() => fn!({ notAnOption: 1 }));
        expect(message).toMatch(new RegExp(`^torch\\.${escape(name)}\\(\\): `));
        expect(message).toMatch(/'notAnOption'/);
        const required = signaturesOf(name, 'function').map((s) => s.params.filter((p) => p.required && !p.varargs).map((p) => p.name));
        if (required.every((r) => r.length > 0)) {
          const missing = call(() => fn!({}));
          expect(missing).toMatch(new RegExp(`^torch\\.${escape(name)}\\(\\): `));
          expect(required.some((r) => r.some((p) => missing.includes(p)))).toBe(true);
        }
      });
    }
  }
});
