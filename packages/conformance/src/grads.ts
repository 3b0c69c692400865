// Gradient checks: each float input requires grad, the op runs, backward gets PyTorch's upstream
// gradient (`grad_out`), and every input's .grad must match PyTorch's (`grads`).
import * as torch from '@x/tensor';
import { compareResult, compareTensor, Mismatch } from './compare';
import { applyView, buildTensor, decodeArg } from './decode';
import { isEncodedTensor, isViewTensor, type Arg, type Case, type EncodedTensor, type Expected } from './fixtures';
import { NOT_APPLICABLE, OPS, type CallContext } from './ops';

type Tensor = torch.Tensor;

/** The leaf that receives an argument's gradient (the base, for a view input), or a list for a list argument. */
type Leaf = Tensor | null | Leaf[];

const isFloat = (dtype: string) => dtype === 'float32' || dtype === 'float64';

/**
 * An argument built as PyTorch's generator built it for its backward: a float tensor (or the base of
 * a float view input) requires grad, and view steps are applied after, so the gradient lands on the base.
 */
function decodeTracked(a: Arg, device: torch.Device): { value: unknown; leaf: Leaf } {
  if (Array.isArray(a)) {
    const parts = a.map((v) => decodeTracked(v, device));
    return { value: parts.map((p) => p.value), leaf: parts.map((p) => p.leaf) };
  }
  if (isViewTensor(a) && isFloat(a.base.dtype)) {
    const base = buildTensor(a.base, device).requiresGrad_();
    return { value: applyView(base, a.view), leaf: base };
  }
  if (isEncodedTensor(a) && isFloat(a.dtype)) {
    const leaf = buildTensor(a, device).requiresGrad_();
    return { value: leaf, leaf };
  }
  return { value: decodeArg(a, device), leaf: null };
}

/** The (output, upstream gradient) pairs to backpropagate: `grad_out` mirrors the result, null where no gradient flows. */
function seeds(result: unknown, gradOut: Expected | null | undefined, where: string, device: torch.Device): [Tensor, Tensor][] {
  if (gradOut === null || gradOut === undefined) return [];
  if (isEncodedTensor(gradOut)) {
    if (!torch.isTensor(result)) throw new Mismatch(`${where}: expected a Tensor output to backpropagate through`);
    return [[result, buildTensor(gradOut, device)]];
  }
  if (!Array.isArray(gradOut)) return [];
  if (!Array.isArray(result) || result.length !== gradOut.length) {
    throw new Mismatch(`${where}: expected a list of ${gradOut.length} outputs to backpropagate through`);
  }
  return gradOut.flatMap((g, i) => seeds(result[i], g, `${where}[${i}]`, device));
}

/** Whether an expected gradient is all zeros (PyTorch's generator writes zeros for an input that got none). */
function isZeros(e: EncodedTensor): boolean {
  return e.data.every((v) => v === 0 || v === '-0' || v === false);
}

async function checkGrad(leaf: Leaf, expected: Expected | null | undefined, where: string, device: torch.Device): Promise<void> {
  if (Array.isArray(leaf)) {
    const list = Array.isArray(expected) ? expected : [];
    for (let i = 0; i < leaf.length; i++) await checkGrad(leaf[i]!, list[i] ?? null, `${where}[${i}]`, device);
    return;
  }
  if (leaf === null) return;
  const got = leaf.grad;
  if (expected === null || expected === undefined) {
    // PyTorch gives this input no gradient: none, or a zero one, is right
    if (got !== null && (await got.dataAsync()).some((v) => Number(v) !== 0)) {
      throw new Mismatch(`${where}: PyTorch gives no gradient here, got a nonzero one`);
    }
    return;
  }
  if (!isEncodedTensor(expected)) throw new Error(`conformance: ${where}: malformed expected gradient`);
  if (got === null) {
    if (isZeros(expected)) return;
    throw new Mismatch(`${where}: .grad is null, expected PyTorch's gradient of shape [${expected.shape.join(', ')}]`);
  }
  await compareTensor(got, expected, where, { device });
}

function freeGrads(leaf: Leaf): void {
  if (Array.isArray(leaf)) leaf.forEach(freeGrads);
  else if (leaf?.grad) {
    leaf.grad.dispose();
    leaf.grad = null;
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/**
 * Run one case's gradient check on `device` through every form of its op: float inputs require
 * grad, backward runs from each output with an upstream gradient, and each input's .grad must
 * match PyTorch's (values with the same tolerances as forward results).
 */
export async function runGradCase(c: Case, device: torch.Device): Promise<void> {
  const forms = OPS[c.op];
  if (!forms) throw new Error(`conformance: op '${c.op}' (case ${c.name}) has no entry in the op table (src/ops.ts)`);
  if (!c.grads) throw new Error(`conformance: case ${c.name} has no grads`);
  let ran = 0;
  for (const [label, form] of Object.entries(forms)) {
    const where = `${c.op} [${label}]`;
    let tracked: { value: unknown; leaf: Leaf }[];
    try {
      tracked = c.args.map((a) => decodeTracked(a, device));
    } catch (e) {
      throw new Mismatch(`${where}: building the inputs with requiresGrad (view steps on a base that requires grad) threw ${errorMessage(e)}`, { cause: e });
    }
    const ctx: CallContext = {
      args: tracked.map((t) => t.value),
      kwargs: Object.fromEntries(Object.entries(c.kwargs ?? {}).map(([k, v]) => [k, decodeArg(v, device)])),
      device,
    };
    let result: unknown;
    try {
      result = await form(ctx);
    } catch (e) {
      throw new Mismatch(`${where}: with requiresGrad inputs, threw ${errorMessage(e)}`, { cause: e });
    }
    if (result === NOT_APPLICABLE) continue;
    ran++;
    // recording must not change the forward result
    if (c.expect !== undefined) await compareResult(result, c.expect, `${where} forward with requiresGrad`, { device, signedZeros: c.signed_zeros === true });
    const pairs = seeds(result, c.grad_out, where, device);
    try {
      // torch.autograd.backward(outs, grads): one pass per output, keeping the shared graph until the last
      pairs.forEach(([out, g], i) => out.backward(g, { retainGraph: i < pairs.length - 1 }));
    } catch (e) {
      throw new Mismatch(`${where}: backward threw ${errorMessage(e)}`, { cause: e });
    }
    for (let i = 0; i < tracked.length; i++) await checkGrad(tracked[i]!.leaf, c.grads[i], `${where} grad of argument ${i}`, device);
    // .grad is kept by autograd (it outlives a tidy): free it with its leaf
    for (const t of tracked) freeGrads(t.leaf);
  }
  if (ran === 0) throw new Error(`conformance: no form of '${c.op}' applies to case ${c.name} on '${device}'`);
}
