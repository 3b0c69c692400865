/** The API of `@x/tensor`. @module @x/tensor */
// @x/tensor: tensors with PyTorch's semantics. Import a backend ('@x/backend-cpu') to run ops.
export { Tensor, isTensor } from './tensor';
export type { TensorOrScalar, Scalar, ValuesIndices, Nested, GradFn } from './tensor';
export type { Index, IndexList, NonzeroOptions } from './ops/indexing';
export type { UniqueOptions } from './ops/unique';
export type { SoftmaxOptions } from './ops/softmax';
export type { DiagonalOptions } from './ops/diagonal';
export type { DType, TypedArray, TypedArrayConstructor } from './dtype';
export type { Device } from './device';
/**
 * The device names the types accept, as keys: `'cpu'` (@x/backend-cpu) and `'webgpu'` (@x/backend-webgpu).
 * A third-party backend registering another name adds it by declaration merging:
 * `declare module '@x/tensor' { interface DeviceNames { npu: true } }`.
 */
export interface DeviceNames {
  cpu: true;
  webgpu: true;
}

export { DTYPES, ARRAY_TYPE, isFloating, isIntegral, parseDType, castScalar } from './dtype';
export { promoteTypes, resultType } from './promote';
export { broadcastShapes, contiguousStrides, isContiguous, numelOf, formatShape } from './shape';
export type {
  Backend, BackendCaps, BackendKernelInfo, DTypeSupport, AllocInit, DeviceMemory, Storage, TensorRef, UnaryOp, BinaryOp, ReduceOp, ScanOp, Operand,
  FusedKernels, ChainOp, AdamStep, SgdStep, RandomRequest,
} from './backend';
export { capsOf, canReadSync, dtypeSupport, requireDType, stagingFloat } from './caps';
export { tidy, keep, dispose } from './memory/tidy';
export { memory, type MemoryInfo } from './memory/report';
export { liveTensors } from './memory/lifecycle';
export { quarterStepClass } from './memory/size-class';
export { sync, flush } from './queue';
export { checkData } from './ops/data-check';
export { fusedKernel } from './ops/fused';
export { emptyForKernel } from './ops/alloc';
export { registerBackend, getBackend, isAvailable, registeredDevices, defaultDevice, setDefaultDevice } from './registry';
export { backendInfo, type BackendInfo } from './backend-info';
export { setNumThreads, getNumThreads } from './threads';
export { installAutograd, recordOp, nameGradFn, type AutogradHook, type OpAttrs } from './autograd-hook';
export { noGrad, enableGrad, setGradEnabled, isGradEnabled } from './grad-mode';
export { formatTensor } from './format';
export { pyFloat, pyBool } from './py-repr';
export { Generator, type GeneratorOptions, type RngState } from './random/generator';
export { manualSeed, defaultGenerator, seed, initialSeed, getRngState, setRngState } from './random/default-generator';
export { isGenerator } from './random/generator';
export type { TensorOptions, RandomOptions } from './ops/creation';
export * from './generated/functions';
export type { Dims, IntOrList, NestedTensors } from './schema/types';
export { defineSignature, formatSignature, REQUIRED, type Signature, type Param } from './signature/signature';
export { bindArgs, bindPositional, bindOverloads } from './signature/bind';
export { isOptionsObject } from './signature/types';
export { save, saveBytes, saveBytesSync, type SaveOptions } from './serialize/save';
export { load, loadBytes } from './serialize/load';
export { SERIALIZE, REVIVERS, registerReviver } from './serialize/protocol';
export type { Serialized, Serializable, Reviver, ReviveContext, LoadOptions, ClassLike } from './serialize/protocol';
export type { ConvGeometry, PoolGeometry } from './backend';
export { convolution, convolutionBackwardInput, convolutionBackwardWeight, convolutionBackwardWeightBias, type ConvOptions, type ConvPlan } from './ops/conv';
export { maxPool2dBackward, type MaxPool2dOptions, type AvgPool2dOptions } from './ops/pool';
export type { PadOptions, PadMode, PadStep } from './ops/conv/pad';
export { version, checkRelease } from './version';
export { crc32 } from './serialize/pt/crc32';
export { joinBytes } from './serialize/join-bytes';
