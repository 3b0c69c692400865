// The parsed signatures of the ops, per variant: the torch.* function's (all parameters) and the
// Tensor method's (without `input`, which is `this`, and without `out`, which methods do not take, as
// in PyTorch). Parsed on first use and kept.
import { defineSignature, makeSignature, type Signature } from '../signature/signature';
import { OPS } from './index';
import type { OpSchema } from './op';

export type Variant = 'method' | 'function';

const byName = new Map<string, OpSchema>();
for (const op of OPS) {
  byName.set(op.name, op);
  for (const alias of op.aliases ?? []) byName.set(alias, op);
}

export function opSchema(name: string): OpSchema {
  const op = byName.get(name);
  if (op === undefined) throw new Error(`no op named '${name}' in the schema`);
  return op;
}

export function sigTexts(op: OpSchema): readonly string[] {
  return typeof op.sig === 'string' ? [op.sig] : op.sig;
}

export function implTexts(op: OpSchema): readonly string[] {
  return typeof op.impl === 'string' ? [op.impl] : op.impl;
}

/** Which of 'method' and 'function' the op has. */
export function variantsOf(op: OpSchema): Variant[] {
  const v = op.variants ?? (/\binput\s*:/.test(sigTexts(op)[0]!) ? 'both' : 'function');
  return v === 'both' ? ['method', 'function'] : [v];
}

/** The method form of a function's signature: `input` and `out` dropped, named Tensor.name. */
export function methodForm(sig: Signature, name: string): Signature {
  return makeSignature(name, sig.params.filter((p) => p.name !== 'input' && p.name !== 'out'), sig.returns, sig.doc);
}

const cache = new Map<string, Signature[]>();

/** The signatures of op `name` (or of an alias, under the alias's name) as `variant` binds them. */
export function signaturesOf(name: string, variant: Variant): Signature[] {
  const key = `${variant}:${name}`;
  let sigs = cache.get(key);
  if (sigs === undefined) {
    const op = opSchema(name);
    const full = sigTexts(op).map((text) => defineSignature(`torch.${name}${text}`, { doc: op.doc }));
    // a signature without `input` (torch.where(condition)) has no method form
    sigs = variant === 'function' ? full : full.filter((s) => s.index.has('input')).map((s) => methodForm(s, `Tensor.${name}`));
    cache.set(key, sigs);
  }
  return sigs;
}
