// nn.utils: gradient clipping, parameters as one vector, and rnn.padSequence.
export { clipGradNorm_, clipGradNormAsync_, clipGradValue_, type ClipGradNormOptions } from './clip-grad';
export { parametersToVector, vectorToParameters } from './convert-parameters';
export { type TensorOrTensors } from './params';
export * as rnn from './rnn';
