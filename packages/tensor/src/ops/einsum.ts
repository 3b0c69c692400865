// torch.einsum: Einstein summation over labelled dims ('ij,jk->ik'), reduced to views (diagonal,
// unsqueeze, permute, reshape), sum, mul and bmm, so autograd differentiates it on every backend. The
// steps are PyTorch's (aten's einsum): align every operand to [output dims..., contracted dims...],
// then contract left to right, summing a dim as soon as no later operand has it.
import { checkSameDevice } from '../errors';
import { formatShape } from '../shape';
import { isTensor, type Tensor } from '../tensor';
import { diagonal } from './diagonal';
import { bmm } from './linalg';

/** 26 upper-case labels, then 26 lower-case ones (PyTorch's order: the implicit output sorts them so). */
const LETTERS = 52;
const ELLIPSIS = LETTERS;

function labelOf(ch: string): number | null {
  const c = ch.charCodeAt(0);
  if (c >= 65 && c <= 90) return c - 65;
  if (c >= 97 && c <= 122) return c - 97 + 26;
  return null;
}

const letterOf = (label: number): string => String.fromCharCode(label < 26 ? 65 + label : 97 + label - 26);

export type EinsumOperands = Tensor[] | [readonly Tensor[]];

function fail(message: string, equation: string, operands: readonly Tensor[]): never {
  const shapes = operands.map((t) => formatShape(t.shape)).join(', ');
  throw new RangeError(`einsum(): ${message} (equation '${equation}', operand shapes ${shapes || 'none'})`);
}

/** The operands as a list: einsum(eq, a, b) or einsum(eq, [a, b]), each checked to be a tensor. */
function operandList(equation: unknown, args: readonly unknown[]): Tensor[] {
  const list = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as unknown[];
  if (typeof equation !== 'string' || list.length === 0) {
    throw new TypeError("einsum(): must specify the equation string and at least one operand, e.g. torch.einsum('ij,jk->ik', a, b)");
  }
  list.forEach((t, i) => {
    if (!isTensor(t)) {
      const got = t === null ? 'null' : Array.isArray(t) ? 'an array' : `${typeof t} (${String(t)})`;
      throw new TypeError(`einsum(): expected a Tensor as operand ${i}, but got ${got}; wrap it with torch.tensor(...)`);
    }
  });
  return list as Tensor[];
}

/** The labels of each operand (ELLIPSIS for '...'), from the equation's left-hand side. */
function parseInputs(equation: string, lhs: string, operands: readonly Tensor[]): number[][] {
  const labels: number[][] = operands.map(() => []);
  let op = 0;
  let ellipsis = false;
  for (let i = 0; i < lhs.length; i++) {
    const ch = lhs[i]!;
    if (ch === ' ') continue;
    if (ch === '.') {
      if (ellipsis) fail(`found '.' for operand ${op} for which an ellipsis was already found`, equation, operands);
      if (!(i + 2 < lhs.length && lhs[i + 1] === '.' && lhs[i + 2] === '.')) fail(`found '.' for operand ${op} that is not part of any ellipsis`, equation, operands);
      i += 2;
      labels[op]!.push(ELLIPSIS);
      ellipsis = true;
    } else if (ch === ',') {
      op++;
      if (op >= operands.length) fail('fewer operands were provided than specified in the equation', equation, operands);
      ellipsis = false;
    } else {
      const label = labelOf(ch);
      if (label === null) fail(`invalid subscript given at index ${i} in the equation string, subscripts must be in [a-zA-Z]`, equation, operands);
      labels[op]!.push(label);
    }
  }
  if (op !== operands.length - 1) fail('more operands were provided than specified in the equation', equation, operands);
  return labels;
}

/** Where each label and the ellipsis dims go in the aligned layout [output..., contracted...]. */
interface Layout {
  /** For each label, its dim in the aligned layout (-1: unused). */
  readonly position: number[];
  /** The first aligned dim of the ellipsis dims. */
  readonly ellipsisAt: number;
  readonly ellipsisDims: number;
  /** The aligned dims [0, outDims) are the output's; the rest are contracted. */
  readonly outDims: number;
  readonly totalDims: number;
}

function layout(equation: string, arrow: number, labels: readonly number[][], operands: readonly Tensor[]): Layout {
  const count = new Array<number>(LETTERS).fill(0);
  let ellipsisDims = 0;
  labels.forEach((ls, i) => {
    const ndim = operands[i]!.ndim;
    const named = ls.filter((l) => l !== ELLIPSIS).length;
    const hasEllipsis = named < ls.length;
    for (const l of ls) if (l !== ELLIPSIS) count[l]!++;
    if (hasEllipsis) ellipsisDims = Math.max(ellipsisDims, ndim - named);
    if (hasEllipsis ? named > ndim : named !== ndim) {
      fail(
        `the number of subscripts in the equation (${named}) ${hasEllipsis ? 'is more than' : 'does not match'} the number of dimensions (${ndim}) ` +
          `for operand ${i}${hasEllipsis ? '' : ' and no ellipsis was given'}`,
        equation,
        operands,
      );
    }
  });
  const position = new Array<number>(LETTERS).fill(-1);
  let next = 0;
  let ellipsisAt = 0;
  let ellipsisInOutput = false;
  if (arrow < 0) {
    // Implicit output: the ellipsis dims, then every label used once, in label order.
    next = ellipsisDims;
    ellipsisInOutput = true;
    for (let l = 0; l < LETTERS; l++) if (count[l] === 1) position[l] = next++;
  } else {
    const rhs = equation.slice(arrow + 2);
    for (let i = 0; i < rhs.length; i++) {
      const ch = rhs[i]!;
      if (ch === ' ') continue;
      if (ch === '.') {
        if (ellipsisInOutput) fail("found '.' for output but an ellipsis (...) was already found", equation, operands);
        if (!(i + 2 < rhs.length && rhs[i + 1] === '.' && rhs[i + 2] === '.')) fail("found '.' for output that is not part of any ellipsis (...)", equation, operands);
        i += 2;
        ellipsisAt = next;
        next += ellipsisDims;
        ellipsisInOutput = true;
        continue;
      }
      const label = labelOf(ch);
      if (label === null) fail(`invalid subscript given at index ${arrow + 2 + i} in the equation string, subscripts must be in [a-zA-Z]`, equation, operands);
      if (position[label] !== -1) fail(`output subscript ${ch} appears more than once in the output`, equation, operands);
      if (count[label] === 0) fail(`output subscript ${ch} does not appear in the equation for any input operand`, equation, operands);
      position[label] = next++;
    }
  }
  const outDims = next;
  if (!ellipsisInOutput) {
    // Ellipsis dims left out of an explicit output are summed.
    ellipsisAt = next;
    next += ellipsisDims;
  }
  for (let l = 0; l < LETTERS; l++) if (count[l]! > 0 && position[l] === -1) position[l] = next++;
  return { position, ellipsisAt, ellipsisDims, outDims, totalDims: next };
}

/**
 * Each operand as a view in the aligned layout: repeated labels become their diagonal, missing dims
 * size 1. Also checks that a label's sizes agree across operands (size 1 broadcasts) and counts, per
 * aligned dim, how many operands have it with a size other than 1.
 */
function align(equation: string, labels: readonly number[][], operands: readonly Tensor[], plan: Layout): { aligned: Tensor[]; counts: number[] } {
  const labelSize = new Array<number>(LETTERS).fill(1);
  const ellipsisSize = new Array<number>(plan.ellipsisDims).fill(1);
  const counts = new Array<number>(plan.totalDims).fill(0);
  const aligned = operands.map((operand, i) => {
    let op = operand;
    const permutation = new Array<number>(plan.totalDims).fill(-1);
    let dim = 0;
    for (const l of labels[i]!) {
      if (l === ELLIPSIS) {
        const covered = operand.ndim - (labels[i]!.length - 1);
        for (let j = plan.ellipsisDims - covered; j < plan.ellipsisDims; j++) {
          const size = op.shape[dim]!;
          if (size !== 1) {
            if (ellipsisSize[j] !== 1 && ellipsisSize[j] !== size) {
              fail(`dimension ${dim} covered by ellipsis in operand ${i} has size ${size} which does not broadcast with previously seen ellipsis with size ${ellipsisSize[j]} for the respective dimension`, equation, operands);
            }
            ellipsisSize[j] = size;
            counts[plan.ellipsisAt + j]!++;
          }
          permutation[plan.ellipsisAt + j] = dim++;
        }
      } else if (permutation[plan.position[l]!] === -1) {
        const size = op.shape[dim]!;
        if (size !== 1) {
          if (labelSize[l] !== 1 && labelSize[l] !== size) {
            fail(`subscript ${letterOf(l)} has size ${size} for operand ${i} which does not broadcast with previously seen size ${labelSize[l]}`, equation, operands);
          }
          labelSize[l] = size;
          counts[plan.position[l]!]!++;
        }
        permutation[plan.position[l]!] = dim++;
      } else {
        // A label repeated within an operand: take the diagonal, kept where the label first appeared.
        const first = permutation[plan.position[l]!]!;
        if (op.shape[dim] !== op.shape[first]) {
          fail(`subscript ${letterOf(l)} is repeated for operand ${i} but the sizes don't match, ${op.shape[dim]} != ${op.shape[first]}`, equation, operands);
        }
        op = diagonal(op, 0, first, dim).movedim(-1, first);
      }
    }
    for (let k = 0; k < permutation.length; k++) {
      if (permutation[k] === -1) {
        op = op.unsqueeze(dim);
        permutation[k] = dim++;
      }
    }
    return op.permute(permutation);
  });
  return { aligned, counts };
}

/** (left * right).sum(sumDims, keepdim: true) for aligned operands (size 1 broadcasts), with one bmm. */
function sumProduct(equation: string, left: Tensor, right: Tensor, sumDims: readonly number[]): Tensor {
  if (sumDims.length === 0) return left.mul(right);
  if (left.dtype !== right.dtype) {
    throw new TypeError(
      `einsum(): contracted operands must have the same dtype (as PyTorch's bmm), but got ${left.dtype} and ${right.dtype} (equation '${equation}'); ` +
        `convert one with .to('${left.dtype}')`,
    );
  }
  if (left.dtype === 'bool') throw new TypeError(`einsum(): contracting bool operands is not implemented (as PyTorch's bmm) (equation '${equation}'); convert them with .int() or .float()`);
  const both: number[] = []; // in the output, from both operands
  const onlyLeft: number[] = [];
  const onlyRight: number[] = [];
  let [bothSize, leftSize, rightSize, sumSize] = [1, 1, 1, 1];
  let [a, b] = [left, right];
  for (let d = 0; d < a.ndim; d++) {
    const inA = a.shape[d] !== 1;
    const inB = b.shape[d] !== 1;
    if (sumDims.includes(d)) {
      if (inA && inB) sumSize *= a.shape[d]!;
      else if (inA) a = a.sum(d, true);
      else if (inB) b = b.sum(d, true);
    } else if (inA && inB) {
      both.push(d);
      bothSize *= a.shape[d]!;
    } else if (inA) {
      onlyLeft.push(d);
      leftSize *= a.shape[d]!;
    } else {
      onlyRight.push(d);
      rightSize *= b.shape[d]!;
    }
  }
  // [both, onlyLeft, sum] @ [both, sum, onlyRight] = [both, onlyLeft, onlyRight], then back in place.
  const leftOrder = [...both, ...onlyLeft, ...sumDims, ...onlyRight];
  const rightOrder = [...both, ...sumDims, ...onlyRight, ...onlyLeft];
  const product = bmm(a.permute(leftOrder).reshape(bothSize, leftSize, sumSize), b.permute(rightOrder).reshape(bothSize, sumSize, rightSize));
  const outShape = [...both.map((d) => a.shape[d]!), ...onlyLeft.map((d) => a.shape[d]!), ...sumDims.map(() => 1), ...onlyRight.map((d) => b.shape[d]!)];
  const inverse = new Array<number>(leftOrder.length);
  leftOrder.forEach((d, i) => (inverse[d] = i));
  return product.reshape(outShape).permute(inverse);
}

/**
 * torch.einsum(equation, ...operands) (or with the operands in one array): labels a-z and A-Z, '...'
 * for broadcast dims, an implicit output (the ellipsis dims, then the labels used once, sorted) or an
 * explicit one after '->'. Repeated labels in an operand take its diagonal; labels missing from the
 * output are summed; size-1 dims broadcast.
 */
export function einsum(equation: string, ...args: EinsumOperands): Tensor {
  const operands = operandList(equation, args);
  checkSameDevice('einsum', operands);
  const arrow = equation.indexOf('->');
  const labels = parseInputs(equation, arrow < 0 ? equation : equation.slice(0, arrow), operands);
  const plan = layout(equation, arrow, labels, operands);
  const { aligned, counts } = align(equation, labels, operands, plan);
  const ops = [...aligned];
  while (ops.length > 1) {
    let a = ops.shift()!;
    let b = ops.shift()!;
    // Contract the dims that no later operand has: summed by the product when both have them, else before it.
    const sumDims: number[] = [];
    const sumA: number[] = [];
    const sumB: number[] = [];
    for (let d = plan.outDims; d < plan.totalDims; d++) {
      if (a.shape[d] !== 1 && b.shape[d] !== 1) {
        if (--counts[d]! === 1) {
          sumDims.push(d);
          counts[d] = 0;
        }
      } else if (counts[d] === 1) {
        if (a.shape[d] !== 1) sumA.push(d);
        else if (b.shape[d] !== 1) sumB.push(d);
        else continue;
        counts[d] = 0;
      }
    }
    if (sumA.length > 0) a = a.sum(sumA, true);
    if (sumB.length > 0) b = b.sum(sumB, true);
    ops.unshift(sumProduct(equation, a, b, sumDims));
  }
  const result = ops[0]!;
  if (plan.totalDims === plan.outDims) return result;
  const contracted = Array.from({ length: plan.totalDims - plan.outDims }, (_, i) => plan.outDims + i);
  // With several operands every contracted dim is size 1 by now: drop them; a lone operand sums them.
  return operands.length > 1 ? result.reshape(result.shape.slice(0, plan.outDims)) : result.sum(contracted);
}
