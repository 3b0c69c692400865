/** The API of `@x/autograd`. @module @x/autograd */
// Importing @x/autograd installs the recorder into @x/tensor: from then on, ops on tensors that
// require grad build a graph, and backward() computes gradients through it.
import { checkRelease, installAutograd } from '@x/tensor';
import { version } from '../package.json';
import { backward } from './backward';
import { registerHook, retainGrad } from './hooks';
import { afterInPlace, beforeInPlace, record } from './record';
import { isNode } from './graph';
import './rules/all';

checkRelease('@x/autograd', version); // refuses an @x/tensor of another release

installAutograd({
  record,
  beforeInPlace,
  afterInPlace: (t, result) => afterInPlace(t, result),
  backward,
  registerHook,
  retainGrad,
  nameGradFn: (t, name) => {
    if (isNode(t.gradFn)) t.gradFn.name = name;
  },
});

export { grad, type GradOptions, type BackwardOptions } from './backward';
export { gradcheck, type GradcheckOptions } from './gradcheck';
export { Function, FunctionCtx } from './function';
export { knownOps } from './rules/registry';
export { noGrad, enableGrad, setGradEnabled, isGradEnabled } from '@x/tensor';
