// nn.utils.rnn.padSequence: PyTorch's pad_sequence, sequences of different lengths stacked into one
// tensor padded with paddingValue. Built from pad and stack, so it is differentiable on any device.
import { bindArgs, defineSignature, formatShape, isTensor, pad, stack, type Tensor } from '@x/tensor';

const PAD_SEQUENCE = defineSignature('nn.utils.rnn.padSequence(sequences: Tensor[], batchFirst: boolean = false, paddingValue: number = 0): Tensor', {
  doc: 'Stacks [L_i, *] sequences into [maxL, B, *] ([B, maxL, *] with batchFirst), padded with paddingValue.',
});

/**
 * [maxL, B, *] (or [B, maxL, *] with batchFirst) from B sequences [L_i, *] with the same trailing
 * dims; the dtype is the first sequence's.
 */
export function padSequence(sequences: readonly Tensor[], batchFirst?: boolean, paddingValue?: number): Tensor;
export function padSequence(sequences: readonly Tensor[], options: { batchFirst?: boolean; paddingValue?: number }): Tensor;
export function padSequence(options: { sequences: readonly Tensor[]; batchFirst?: boolean; paddingValue?: number }): Tensor;
export function padSequence(...args: unknown[]): Tensor {
  const a = bindArgs<{ sequences: unknown; batchFirst: boolean; paddingValue: number }>(PAD_SEQUENCE, args);
  const seqs = a.sequences;
  if (!Array.isArray(seqs) || seqs.some((s) => !isTensor(s))) throw new TypeError('padSequence: sequences must be an array of Tensors');
  if (seqs.length === 0) throw new RangeError('padSequence: received an empty list of sequences');
  const first = seqs[0] as Tensor;
  if (first.ndim === 0) throw new RangeError('padSequence: the sequences must have at least one dim (their length), got a 0-d tensor');
  const trailing = first.shape.slice(1);
  (seqs as Tensor[]).forEach((s, i) => {
    if (s.ndim !== first.ndim || s.shape.slice(1).some((d, j) => d !== trailing[j])) {
      throw new RangeError(`padSequence: sequence ${i} has shape ${formatShape(s.shape)}, but every sequence must be [L, ${trailing.join(', ')}] like the first (${formatShape(first.shape)})`);
    }
  });
  const maxLen = Math.max(...(seqs as Tensor[]).map((s) => s.shape[0]!));
  const padded = (seqs as Tensor[]).map((s) => {
    const widths = new Array<number>(2 * s.ndim).fill(0);
    widths[widths.length - 1] = maxLen - s.shape[0]!; // after the first dim (pad lists the last dim first)
    return pad(s.to(first.dtype), widths, { value: a.paddingValue });
  });
  return stack(padded, a.batchFirst ? 0 : 1);
}
