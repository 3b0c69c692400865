// Conversions and copies, reads, the tensor's own facts (size, stride...), and autograd's entry points.
import { family, method, type OpDecl } from './op';

const cast = (dtype: string): OpDecl => method('(input: Tensor): Tensor', `cv.to(input, { dtype: '${dtype}' })`, `to('${dtype}').`);
const TO_SIGS = [
  '(input: Tensor, dtype: DType, nonBlocking: boolean = false, copy: boolean = false)',
  '(input: Tensor, device: Device | null = null, dtype: DType | null = null, nonBlocking: boolean = false, copy: boolean = false)',
  '(input: Tensor, other: Tensor, nonBlocking: boolean = false, copy: boolean = false)',
];
const TO_IMPLS = ['input, { dtype, copy }', 'input, { dtype: dtype ?? undefined, device: device ?? undefined, copy }', 'input, { dtype: other.dtype, device: other.device, copy }'];

export const CONVERT = family('conversion and copies', {
  contiguous: method('(input: Tensor): Tensor', 'cv.contiguous(input)', 'The tensor itself when contiguous, else a contiguous copy.'),
  clone: { sig: '(input: Tensor): Tensor', impl: 'cv.clone(input)', doc: 'A copy (gradients flow back to the original).' },
  detach: { sig: '(input: Tensor): Tensor', impl: 'cv.detach(input)', doc: 'The same storage, outside autograd.' },
  detach_: method('(input: Tensor): this', 'cv.detachInPlace(input)', 'Detaches the tensor itself from its graph.'),
  to: {
    sig: TO_SIGS.map((s) => `${s}: Tensor`),
    impl: TO_IMPLS.map((a) => `cv.to(${a})`),
    doc: 'The tensor on another device and/or with another dtype (itself when nothing changes, unless copy).',
    variants: 'method',
  },
  toAsync: {
    sig: TO_SIGS.map((s) => `${s}: Promise<Tensor>`),
    impl: TO_IMPLS.map((a) => `cv.toAsync(${a})`),
    doc: 'to, also from an asynchronous device (await x.toAsync(\'cpu\') from WebGPU).',
    variants: 'method',
  },
  type: method('(input: Tensor, dtype: DType): Tensor', "cv.to(input, { dtype: parseDType(dtype, 'type') })", 'to(dtype).'),
  float: cast('float32'),
  double: cast('float64'),
  long: cast('int64'),
  int: cast('int32'),
  bool: cast('bool'),
  byte: cast('uint8'),
  cpu: method('(input: Tensor): Tensor', "cv.to(input, { device: 'cpu' })", "to('cpu')."),
  requiresGrad_: method('(input: Tensor, requiresGrad: boolean = true): this', 'cv.setRequiresGrad(input, requiresGrad)', 'Sets whether autograd records ops on this (leaf) tensor.'),
  dataAsync: method('(input: Tensor): Promise<TypedArray>', 'rd.readAsync(input)', 'The values as a fresh typed array in row-major order (any device).'),
  dataSync: method('(input: Tensor): TypedArray', "rd.readSync(input, 'dataSync')", 'dataAsync, synchronously (CPU).'),
  item: method('(input: Tensor): Promise<number>', 'cv.itemAsync(input)', "The value of a one-element tensor, a number for every dtype: a bool tensor gives 1 or 0 (Python's True == 1); isNonzero() gives a boolean."),
  itemSync: method('(input: Tensor): number', "cv.itemOf(input, rd.readSync(input, 'itemSync'))", 'item, synchronously (CPU): `loss.itemSync().toFixed(4)`.'),
  isNonzero: method('(input: Tensor): Promise<boolean>', 'cv.nonzeroAsync(input)', "Whether a one-element tensor is not zero (PyTorch's is_nonzero, bool(x)): the boolean form of item."),
  isNonzeroSync: method('(input: Tensor): boolean', "cv.nonzeroOf(input, rd.readSync(input, 'isNonzeroSync'))", 'isNonzero, synchronously (CPU).'),
  tolist: method('(input: Tensor): Promise<Nested>', 'cv.tolistAsync(input)', 'The values as nested arrays.'),
  tolistSync: method('(input: Tensor): Nested', "cv.toNested(input, rd.readSync(input, 'tolistSync'))", 'tolist, synchronously (CPU).'),
  numpy: method('(input: Tensor): TypedArray', 'rd.numpyView(input)', "The typed array over the tensor's own memory (CPU, contiguous): writes show in the tensor."),
  dim: method('(input: Tensor): number', 'input.ndim', 'The number of dims.'),
  numel: { sig: '(input: Tensor): number', impl: 'input.shape.reduce((a, s) => a * s, 1)', doc: 'The number of elements.' },
  size: {
    sig: ['(input: Tensor): readonly number[]', '(input: Tensor, dim: number): number'],
    impl: ['input.shape', "input.shape[normalizeDim('size', dim, input.ndim)]!"],
    doc: 'The shape, or the size of one dim.',
    variants: 'method',
  },
  stride: {
    sig: ['(input: Tensor): readonly number[]', '(input: Tensor, dim: number): number'],
    impl: ['input.strides', "input.strides[normalizeDim('stride', dim, input.ndim)]!"],
    doc: 'The strides, or the stride of one dim.',
    variants: 'method',
  },
  storageOffset: method('(input: Tensor): number', 'input.offset', "The view's offset into its storage, in elements."),
  isContiguous: method('(input: Tensor): boolean', 'isContiguous(input.shape, input.strides)', 'Whether the elements are laid out in row-major order without gaps.'),
  elementSize: method('(input: Tensor): number', 'elementSize(input.dtype)', 'Bytes per element.'),
  backward: method(
    '(input: Tensor, gradient: Tensor | null = null, retainGraph: boolean | null = null, createGraph: boolean = false): void',
    "ag.autogradHook('backward').backward(input, gradient ?? undefined, { retainGraph: retainGraph ?? undefined, createGraph })",
    'Computes the gradients of the leaves that require grad (needs @x/autograd).',
  ),
  registerHook: method(
    '(input: Tensor, hook: (grad: Tensor) => Tensor | void): { remove(): void }',
    "ag.autogradHook('registerHook').registerHook(input, hook)",
    "Calls hook(grad) when this tensor's gradient is computed; a returned tensor replaces it.",
  ),
  retainGrad: method('(input: Tensor): this', 'ag.retainGradOf(input)', 'Keeps .grad for a non-leaf tensor too.'),
});
