// Gradient rules, one per recorded op, written with @x/tensor ops so they run on every backend.
import type { OpAttrs, Tensor } from '@x/tensor';

export interface InputMeta {
  readonly shape: readonly number[];
  readonly dtype: Tensor['dtype'];
  readonly device: string;
}

export interface RuleArgs {
  /** The gradient flowing into the op's output (same shape as the output). */
  readonly grad: Tensor;
  /** What the rule's `save` returned, checked against in-place changes since. */
  readonly saved: readonly Tensor[];
  readonly attrs: OpAttrs;
  /** Shape, dtype and device of each input (null for a non-tensor operand). */
  readonly inputs: readonly (InputMeta | null)[];
  /** Which inputs need a gradient: a rule may skip the others. */
  readonly needs: readonly boolean[];
  /**
   * Per input, where the engine would add its gradient in place next: the .grad of a leaf that only
   * this input reaches, in a backward() without createGraph and without hooks on that leaf (null
   * otherwise, or no array). A rule may add the gradient there itself (one kernel instead of a
   * product and an add, e.g. a GEMM that accumulates) and return that very tensor: the engine then
   * counts the write (the version) and adds nothing.
   */
  readonly into?: readonly (Tensor | null)[];
}

export interface Rule {
  /** PyTorch's name for the node, e.g. MulBackward0 (a function when it depends on the overload). */
  readonly name: string | ((attrs: OpAttrs) => string);
  /** Tensors the backward needs (inputs or the output); kept until backward unless retainGraph. */
  save?(inputs: readonly (Tensor | null)[], output: Tensor, attrs: OpAttrs): Tensor[];
  /** The gradient of each input (null or undefined where none is needed or it does not exist). */
  backward(args: RuleArgs): readonly (Tensor | null | undefined)[];
}

const rules = new Map<string, Rule>();

export function defineRules(table: Record<string, Rule>): void {
  for (const [op, rule] of Object.entries(table)) rules.set(op, rule);
}

export function ruleFor(op: string): Rule | undefined {
  return rules.get(op);
}

/** The names of the ops autograd has a derivative rule for. */
export function knownOps(): string[] {
  return [...rules.keys()];
}
