// nn.utils.parametersToVector and vectorToParameters (PyTorch's convert_parameters.py).
import { bindArgs, cat, defineSignature, isTensor, noGrad, type Tensor } from '@x/tensor';
import { tensorList } from './params';

const TO_VECTOR = defineSignature('nn.utils.parametersToVector(parameters: Iterable<Tensor>): Tensor', {
  doc: 'The parameters flattened and concatenated into one 1-D tensor (differentiable).',
});
const FROM_VECTOR = defineSignature('nn.utils.vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void', {
  doc: 'Copies consecutive slices of vec into the parameters, in order.',
});

/** PyTorch's _check_param_device: every parameter on one device. */
function checkDevices(params: readonly Tensor[]): void {
  const device = params[0]?.device;
  const other = params.find((p) => p.device !== device);
  if (other) throw new TypeError(`Found two parameters on different devices ('${device}' and '${other.device}'), this is currently not supported.`);
}

/** PyTorch's parameters_to_vector: `cat([p.view(-1) for p in parameters])`. */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor;
export function parametersToVector(options: { parameters: Iterable<Tensor> }): Tensor;
export function parametersToVector(...args: unknown[]): Tensor {
  const params = tensorList('parametersToVector', bindArgs<{ parameters: unknown }>(TO_VECTOR, args).parameters);
  checkDevices(params);
  return cat(params.map((p) => p.view(-1)));
}

/**
 * PyTorch's vector_to_parameters: parameter i takes the next numel(i) values of vec. PyTorch makes
 * the parameters views of vec (`param.data = ...`); here the values are copied into the parameters'
 * own storage, so later writes to vec do not show in them.
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void;
export function vectorToParameters(vec: Tensor, options: { parameters: Iterable<Tensor> }): void;
export function vectorToParameters(options: { vec: Tensor; parameters: Iterable<Tensor> }): void;
export function vectorToParameters(...args: unknown[]): void {
  const a = bindArgs<{ vec: unknown; parameters: unknown }>(FROM_VECTOR, args);
  if (!isTensor(a.vec)) throw new TypeError(`vectorToParameters: expected torch.Tensor, but got: ${a.vec === null ? 'null' : typeof a.vec}`);
  const vec = a.vec;
  const params = tensorList('vectorToParameters', a.parameters);
  checkDevices(params);
  let pointer = 0;
  noGrad(() => {
    for (const p of params) {
      const n = p.numel();
      p.copy_(vec.at(`${pointer}:${pointer + n}`).view(p.shape as number[]));
      pointer += n;
    }
  });
}
