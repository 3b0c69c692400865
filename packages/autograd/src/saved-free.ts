// PyTorch's nodes that keep no saved tensor (only sizes, dims or scalars): backward may run through
// them again after the graph was freed. Every other node frees what it saved on backward() and
// refuses a second pass with "Trying to backward through the graph a second time", also where @x's
// gradient rule happens to need no tensor (x * 2 saves the wrapped 2 in PyTorch, so it refuses).
// Checked against PyTorch 1.13, expression by expression, in @x/nn's test/gradfn-names.test.ts.
const KEEPS_NO_TENSOR = new Set([
  'AddBackward0', 'AddBackward1', 'SubBackward0', 'SubBackward1', 'RsubBackward1', 'NegBackward0',
  'SumBackward0', 'SumBackward1', 'MeanBackward0', 'CumsumBackward0',
  'ViewBackward0', 'ReshapeAliasBackward0', 'UnsafeViewBackward0', 'AliasBackward0', 'ExpandBackward0',
  'TBackward0', 'PermuteBackward0', 'TransposeBackward0', 'SqueezeBackward0', 'SqueezeBackward1', 'UnsqueezeBackward0',
  'SelectBackward0', 'SliceBackward0', 'SplitBackward0', 'SplitWithSizesBackward0', 'UnbindBackward0',
  'CatBackward0', 'StackBackward0', 'RepeatBackward0', 'FlipBackward0', 'RollBackward0',
  'CloneBackward0', 'ToCopyBackward0', 'ConstantPadNdBackward0', 'TrilBackward0', 'TriuBackward0',
  'DiagonalBackward0', 'DiagBackward0', 'SignBackward0', 'RoundBackward0', 'FloorBackward0', 'CeilBackward0', 'TruncBackward0',
  // @x's view-history nodes hold geometry only (the written values have their own node)
  'AsStridedBackward0', 'CopySlices',
]);

/** Whether PyTorch's node of this name keeps no saved tensor (and so survives a second backward). */
export function keepsNoSavedTensor(name: string): boolean {
  return KEEPS_NO_TENSOR.has(name);
}
