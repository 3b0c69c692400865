// Python's calling convention on every public constructor and function of @x/nn: each one is called
// with all its arguments by name (the keyword form), which must equal a positional call, and with an
// unknown option, which must throw a TypeError naming the function and the option. A new export
// without an entry here fails the walk.
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

type Fn = (...args: unknown[]) => unknown;
type Ctor = new (...args: unknown[]) => unknown;

/** A call by keywords, and the same call by position (where the positional form differs). */
interface Entry {
  keywords: Record<string, unknown>;
  positional?: unknown[];
}

const t = (values: number[], shape?: number[]) => {
  const x = torch.tensor(values, { dtype: 'float32' });
  return shape ? x.reshape(shape) : x;
};
const x = () => t([0.5, -1, 2, 0.25, -0.75, 1.5], [2, 3]);
const target = () => t([0.2, 0.4, 0.6, 0.8, 0.1, 0.9], [2, 3]);
const img = () => torch.arange(32).float().reshape(1, 2, 4, 4);
const labels = () => torch.tensor([2, 0]);

const CLASSES: Record<string, Entry> = {
  Module: { keywords: {} },
  Parameter: { keywords: { data: t([1, 2]), requiresGrad: false }, positional: [t([1, 2]), false] },
  Sequential: { keywords: {} },
  ModuleList: { keywords: { modules: [new nn.ReLU()] }, positional: [[new nn.ReLU()]] },
  ModuleDict: { keywords: { modules: { act: new nn.ReLU() } }, positional: [{ act: new nn.ReLU() }] },
  Linear: { keywords: { inFeatures: 3, outFeatures: 2, bias: false }, positional: [3, 2, false] },
  Flatten: { keywords: { startDim: 2, endDim: -1 }, positional: [2, -1] },
  Unflatten: { keywords: { dim: 1, unflattenedSize: [3, 1] }, positional: [1, [3, 1]] },
  ReLU: { keywords: { inplace: true }, positional: [true] },
  LeakyReLU: { keywords: { negativeSlope: 0.2, inplace: false }, positional: [0.2, false] },
  ELU: { keywords: { alpha: 0.5 }, positional: [0.5] },
  GELU: { keywords: { approximate: 'tanh' }, positional: ['tanh'] },
  SiLU: { keywords: { inplace: false }, positional: [false] },
  Sigmoid: { keywords: {} },
  Tanh: { keywords: {} },
  Softmax: { keywords: { dim: 1 }, positional: [1] },
  LogSoftmax: { keywords: { dim: 1 }, positional: [1] },
  Dropout: { keywords: { p: 0.25, inplace: false }, positional: [0.25, false] },
  Embedding: { keywords: { numEmbeddings: 5, embeddingDim: 2, paddingIdx: 0 }, positional: [5, 2, 0] },
  LayerNorm: { keywords: { normalizedShape: [3], eps: 1e-3, elementwiseAffine: false }, positional: [[3], 1e-3, false] },
  BatchNorm1d: { keywords: { numFeatures: 3, eps: 1e-3, momentum: null, affine: false }, positional: [3, 1e-3, null, false] },
  BatchNorm2d: { keywords: { numFeatures: 2, momentum: 0.2, trackRunningStats: false }, positional: [2, 1e-5, 0.2, true, false] },
  Loss: { keywords: { reduction: 'sum' }, positional: [null, null, 'sum'] },
  WeightedLoss: { keywords: { weight: null, reduction: 'none' }, positional: [null, null, null, 'none'] },
  MSELoss: { keywords: { reduction: 'sum' }, positional: [null, null, 'sum'] },
  L1Loss: { keywords: { reduction: 'none' }, positional: [null, null, 'none'] },
  SmoothL1Loss: { keywords: { beta: 0.5 }, positional: [null, null, 'mean', 0.5] },
  HuberLoss: { keywords: { reduction: 'sum', delta: 2 }, positional: ['sum', 2] },
  BCELoss: { keywords: { reduction: 'sum' }, positional: [null, null, null, 'sum'] },
  BCEWithLogitsLoss: { keywords: { posWeight: t([2]) } },
  CrossEntropyLoss: { keywords: { ignoreIndex: 1, labelSmoothing: 0.1 }, positional: [null, null, 1, null, 'mean', 0.1] },
  NLLLoss: { keywords: { ignoreIndex: 0, reduction: 'sum' }, positional: [null, null, 0, null, 'sum'] },
  Conv1d: { keywords: { inChannels: 2, outChannels: 4, kernelSize: 3, padding: 1 }, positional: [2, 4, 3, 1, 1] },
  Conv2d: { keywords: { inChannels: 3, outChannels: 16, kernelSize: 3, stride: 2, bias: false }, positional: [3, 16, 3, 2, 0, 1, 1, false] },
  MaxPool2d: { keywords: { kernelSize: 2, stride: 1, ceilMode: true }, positional: [2, 1, 0, 1, false, true] },
  AvgPool2d: { keywords: { kernelSize: 2, countIncludePad: false }, positional: [2, null, 0, false, false] },
  AdaptiveAvgPool2d: { keywords: { outputSize: [2, 1] }, positional: [[2, 1]] },
};

const FUNCTIONS: Record<string, Record<string, Entry>> = {
  functional: {
    linear: { keywords: { input: x(), weight: t([1, 2, 3], [1, 3]), bias: t([0.5]) }, positional: [x(), t([1, 2, 3], [1, 3]), t([0.5])] },
    relu: { keywords: { input: x() }, positional: [x()] },
    relu_: { keywords: { input: x() }, positional: [x()] },
    leakyRelu: { keywords: { input: x(), negativeSlope: 0.1 }, positional: [x(), 0.1] },
    elu: { keywords: { input: x(), alpha: 0.5 }, positional: [x(), 0.5] },
    gelu: { keywords: { input: x(), approximate: 'tanh' }, positional: [x(), 'tanh'] },
    silu: { keywords: { input: x() }, positional: [x()] },
    sigmoid: { keywords: { input: x() }, positional: [x()] },
    tanh: { keywords: { input: x() }, positional: [x()] },
    softmax: { keywords: { input: x(), dim: 1 }, positional: [x(), 1] },
    logSoftmax: { keywords: { input: x(), dim: 0, dtype: 'float64' }, positional: [x(), 0, 'float64'] },
    dropout: { keywords: { input: x(), p: 0.5, training: false }, positional: [x(), 0.5, false] },
    oneHot: { keywords: { tensor: labels(), numClasses: 4 }, positional: [labels(), 4] },
    oneHotAsync: { keywords: { tensor: labels(), numClasses: 3 }, positional: [labels(), 3] },
    embedding: { keywords: { input: labels(), weight: x().T, paddingIdx: 0 }, positional: [labels(), x().T, 0] },
    batchNorm: { keywords: { input: x(), runningMean: null, runningVar: null, training: true }, positional: [x(), null, null, null, null, true] },
    layerNorm: { keywords: { input: x(), normalizedShape: [3], eps: 1e-3 }, positional: [x(), [3], null, null, 1e-3] },
    mseLoss: { keywords: { input: x(), target: target(), reduction: 'sum' }, positional: [x(), target(), null, null, 'sum'] },
    l1Loss: { keywords: { input: x(), target: target() }, positional: [x(), target()] },
    smoothL1Loss: { keywords: { input: x(), target: target(), beta: 0.5 }, positional: [x(), target(), null, null, 'mean', 0.5] },
    huberLoss: { keywords: { input: x(), target: target(), delta: 0.5 }, positional: [x(), target(), 'mean', 0.5] },
    binaryCrossEntropy: { keywords: { input: target(), target: target(), reduction: 'none' }, positional: [target(), target(), null, null, null, 'none'] },
    binaryCrossEntropyWithLogits: { keywords: { input: x(), target: target(), posWeight: t([2]) } },
    crossEntropy: { keywords: { input: x(), target: labels(), labelSmoothing: 0.1 }, positional: [x(), labels(), null, null, -100, null, 'mean', 0.1] },
    nllLoss: { keywords: { input: x(), target: labels(), ignoreIndex: 0 }, positional: [x(), labels(), null, null, 0] },
    conv1d: { keywords: { input: img().reshape(1, 2, 16), weight: torch.ones(1, 2, 3), padding: 1 } },
    conv2d: { keywords: { input: img(), weight: torch.ones(1, 2, 3, 3), stride: 2 } },
    maxPool2d: { keywords: { input: img(), kernelSize: 2, stride: 1 } },
    avgPool2d: { keywords: { input: img(), kernelSize: 2 } },
    adaptiveAvgPool2d: { keywords: { input: img(), outputSize: 2 } },
    pad: { keywords: { input: x(), pad: [1, 1], mode: 'constant', value: 2 } },
    normalize: { keywords: { input: x(), p: 1, dim: 0 }, positional: [x(), 1, 0] },
    cosineSimilarity: { keywords: { x1: x(), x2: target(), dim: 0 }, positional: [x(), target(), 0] },
    pairwiseDistance: { keywords: { x1: x(), x2: target(), p: 1, keepdim: true }, positional: [x(), target(), 1, 1e-6, true] },
    interpolate: { keywords: { input: img(), scaleFactor: 2, mode: 'bilinear', alignCorners: true }, positional: [img(), null, 2, 'bilinear', true] },
  },
  init: {
    calculateGain: { keywords: { nonlinearity: 'leaky_relu', param: 0.2 }, positional: ['leaky_relu', 0.2] },
    calculateFanInAndFanOut: { keywords: { tensor: torch.empty(4, 3, 2) }, positional: [torch.empty(4, 3, 2)] },
    uniform_: { keywords: { tensor: torch.empty(3), a: -1, b: 1 }, positional: [torch.empty(3), -1, 1] },
    normal_: { keywords: { tensor: torch.empty(3), mean: 0, std: 0.02 }, positional: [torch.empty(3), 0, 0.02] },
    constant_: { keywords: { tensor: torch.empty(3), val: 0.3 }, positional: [torch.empty(3), 0.3] },
    zeros_: { keywords: { tensor: torch.empty(3) }, positional: [torch.empty(3)] },
    ones_: { keywords: { tensor: torch.empty(3) }, positional: [torch.empty(3)] },
    xavierUniform_: { keywords: { tensor: torch.empty(3, 4), gain: 2 }, positional: [torch.empty(3, 4), 2] },
    xavierNormal_: { keywords: { tensor: torch.empty(3, 4), gain: 2 }, positional: [torch.empty(3, 4), 2] },
    kaimingUniform_: { keywords: { tensor: torch.empty(3, 4), a: 1, mode: 'fan_out', nonlinearity: 'relu' }, positional: [torch.empty(3, 4), 1, 'fan_out', 'relu'] },
    kaimingNormal_: { keywords: { tensor: torch.empty(3, 4), mode: 'fan_out' }, positional: [torch.empty(3, 4), 0, 'fan_out'] },
  },
  metrics: {
    accuracy: { keywords: { yTrue: [0, 1, 1], yPred: [0, 1, 0] }, positional: [[0, 1, 1], [0, 1, 0]] },
    confusionMatrix: { keywords: { yTrue: [0, 1, 1], yPred: [0, 1, 0], numClasses: 3 } },
    precisionRecallF1: { keywords: { yTrue: [0, 1, 1], yPred: [0, 1, 0], average: 'macro' } },
    classificationReport: { keywords: { yTrue: [0, 1, 1], yPred: [0, 1, 0], digits: 3 } },
  },
  utils: {
    clipGradNorm_: { keywords: { parameters: [], maxNorm: 1, normType: 'inf' }, positional: [[], 1, 'inf'] },
    clipGradNormAsync_: { keywords: { parameters: [], maxNorm: 1 } },
    clipGradValue_: { keywords: { parameters: [], clipValue: 1 }, positional: [[], 1] },
    parametersToVector: { keywords: { parameters: [t([1, 2]), t([3])] }, positional: [[t([1, 2]), t([3])]] },
    vectorToParameters: { keywords: { vec: t([1, 2, 3]), parameters: [torch.empty(3)] }, positional: [t([1, 2, 3]), [torch.empty(3)]] },
  },
  'utils.rnn': {
    padSequence: { keywords: { sequences: [t([1, 2]), t([3])], batchFirst: true, paddingValue: -1 }, positional: [[t([1, 2]), t([3])], true, -1] },
  },
};

/** Exports that are not PyTorch calls (type guards, the loss-args carrier) or take anything (Identity). */
const NOT_BOUND = new Set(['isModule', 'isParameter', 'LossArgs', 'Identity']);

const isClass = (v: unknown): v is Ctor => typeof v === 'function' && /^class\b/.test(Function.prototype.toString.call(v));

/** Comparable: tensors as their values (dtype and shape too), modules as their print, the rest as is. */
async function plain(v: unknown): Promise<unknown> {
  const r = await v;
  if (torch.isTensor(r)) return { dtype: r.dtype, shape: r.shape, values: r.tolistSync() };
  if (Array.isArray(r)) return Promise.all(r.map(plain));
  if (nn.isModule(r)) return String(r);
  return r;
}

function namespace(path: string): Record<string, unknown> {
  return path.split('.').reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, nn as unknown as Record<string, unknown>);
}

describe('every public @x/nn constructor and function takes its keyword form', () => {
  it('the walk covers every export', () => {
    const classes = Object.entries(nn).filter(([k, v]) => isClass(v) && !NOT_BOUND.has(k)).map(([k]) => k);
    expect(classes.sort()).toEqual(Object.keys(CLASSES).sort());
    for (const [path, entries] of Object.entries(FUNCTIONS)) {
      const fns = Object.entries(namespace(path)).filter(([, v]) => typeof v === 'function' && !isClass(v)).map(([k]) => k);
      expect(fns.sort(), path).toEqual(Object.keys(entries).sort());
    }
  });

  for (const [name, e] of Object.entries(CLASSES)) {
    it(`nn.${name}`, async () => {
      const C = (nn as unknown as Record<string, Ctor>)[name]!;
      torch.manualSeed(0);
      const byName = await plain(new C(e.keywords));
      if (e.positional) {
        torch.manualSeed(0);
        expect(byName).toEqual(await plain(new C(...e.positional)));
      }
      expect(() => new C({ ...e.keywords, notAnOption: 1 })).toThrow(TypeError);
      expect(() => new C({ ...e.keywords, notAnOption: 1 })).toThrow(new RegExp(`${name.replace('.', '\\.')}\\(\\): unexpected option 'notAnOption'`));
    });
  }

  for (const [path, entries] of Object.entries(FUNCTIONS)) {
    for (const [name, e] of Object.entries(entries)) {
      it(`nn.${path}.${name}`, async () => {
        const f = namespace(path)[name] as Fn;
        torch.manualSeed(0);
        const byName = await plain(f(e.keywords));
        if (e.positional) {
          torch.manualSeed(0);
          expect(byName).toEqual(await plain(f(...e.positional)));
        }
        const bogus = async () => f({ ...e.keywords, notAnOption: 1 });
        await expect(bogus()).rejects.toThrow(TypeError);
        await expect(bogus()).rejects.toThrow(new RegExp(`${name}\\(\\): unexpected option 'notAnOption'.*takes \\(`));
      });
    }
  }

  it('the examples of the issue work', () => {
    const F = nn.functional;
    expect(F.logSoftmax(x(), { dim: 1 }).shape).toEqual([2, 3]);
    expect(F.oneHot(labels(), { numClasses: 4 }).shape).toEqual([2, 4]);
    expect(nn.init.normal_(torch.empty(100), { mean: 0, std: 0.02 }).std().itemSync()).toBeLessThan(0.03);
    expect(String(new nn.Conv2d(3, 16, { kernelSize: 3 }))).toBe('Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1))');
    expect(String(new nn.Linear({ inFeatures: 10, outFeatures: 5 }))).toBe('Linear(in_features=10, out_features=5, bias=True)');
    expect(String(new nn.MaxPool2d({ kernelSize: 2 }))).toBe('MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)');
    expect(new nn.Flatten({ startDim: 2 }).forward(torch.zeros(2, 3, 4, 5)).shape).toEqual([2, 3, 20]);
    expect(() => new nn.Linear(3, 2, { bais: false } as never)).toThrow(
      /^nn\.Linear\(\): unexpected option 'bais'.*; nn\.Linear takes \(inFeatures: number, outFeatures: number, bias: boolean = true, device\?: string, dtype\?: DType\)$/,
    );
    expect(() => new nn.Linear(3, 2, true, { bias: false } as never)).toThrow("nn.Linear(): got 'bias' twice, by position and in the options object");
  });

  it("PyTorch's deprecated sizeAverage and reduce still choose the reduction, with its warning", () => {
    const loss = new nn.MSELoss({ sizeAverage: false });
    expect(loss.reduction).toBe('sum');
    expect(nn.functional.l1Loss(x(), target(), { reduce: false }).shape).toEqual([2, 3]);
  });
});
