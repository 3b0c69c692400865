// What a checkpoint's pickle may name: the globals PyTorch's torch.load(weights_only=True) allows (and the
// few later PyTorch versions added for data), each with what it stands for here. Anything else is refused
// by name: loading never runs code, so a pickle that needs a class of the user's (a whole model saved
// with torch.save(model)) or any other function cannot be loaded, and is not.
import type { StoredDType } from '../stored-dtypes';

/** A storage class: its element type, or null for one @x cannot hold (named in the error). */
export const STORAGE_CLASSES: Readonly<Record<string, StoredDType | null>> = {
  FloatStorage: 'float32', DoubleStorage: 'float64', HalfStorage: 'float16', BFloat16Storage: 'bfloat16',
  LongStorage: 'int64', IntStorage: 'int32', ShortStorage: 'int16', CharStorage: 'int8', ByteStorage: 'uint8',
  BoolStorage: 'bool', ComplexFloatStorage: null, ComplexDoubleStorage: null, QInt8Storage: null,
  QUInt8Storage: null, QInt32Storage: null, QUInt4x2Storage: null, QUInt2x4Storage: null,
};

/** torch.<dtype> globals: the @x name of the dtype they load as ('float16' stays a name; tensors of it widen). */
export const DTYPE_GLOBALS: Readonly<Record<string, string>> = {
  float32: 'float32', float: 'float32', float64: 'float64', double: 'float64', float16: 'float16', half: 'float16',
  bfloat16: 'bfloat16', int64: 'int64', long: 'int64', int32: 'int32', int: 'int32', int16: 'int16', short: 'int16',
  int8: 'int8', uint8: 'uint8', bool: 'bool', complex32: 'complex32', complex64: 'complex64', complex128: 'complex128',
};

/** The legacy tensor classes (torch.FloatTensor ...), allowed as names. */
export const TENSOR_CLASSES: ReadonlySet<string> = new Set([
  'FloatTensor', 'DoubleTensor', 'HalfTensor', 'BFloat16Tensor', 'LongTensor', 'IntTensor', 'ShortTensor',
  'CharTensor', 'ByteTensor', 'BoolTensor', 'Tensor',
]);

/** Functions and classes a pickle may call (REDUCE / NEWOBJ), by their full name. */
export const CALLABLES: ReadonlySet<string> = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._tensor._rebuild_from_type_v2',
  'torch.nn.parameter.Parameter',
  'torch.Size',
  'torch.device',
  'torch.serialization._get_layout',
  '_codecs.encode',
]);

/** Allowed by PyTorch, but for tensors @x does not have: refused with the reason. */
export const UNSUPPORTED: Readonly<Record<string, string>> = {
  'torch._utils._rebuild_sparse_tensor': 'sparse tensors are not supported; convert them with t.to_dense() in Python first',
  'torch._utils._rebuild_sparse_csr_tensor': 'sparse tensors are not supported; convert them with t.to_dense() in Python first',
  'torch._utils._rebuild_meta_tensor_no_storage': 'meta tensors hold no values to load',
  'torch._utils._rebuild_qtensor': 'quantized tensors are not supported; dequantize them in Python first',
};
