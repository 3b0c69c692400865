// The gradFn names of common results, against PyTorch 1.13 (scripts/gradfn_names.py writes the
// fixture from the same expressions): what a user sees printing loss.gradFn; and whether a second
// backward through each result's freed graph throws, as PyTorch's does. Composite ops name their
// last node after themselves (nameGradFn), as PyTorch's fused kernels are named.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import '@x/backend-cpu';
import '@x/autograd';
import * as torch from '@x/tensor';
import * as nn from '../src/index';

const F = nn.functional;
const fixture = JSON.parse(readFileSync(new URL('./fixtures/gradfn-names.json', import.meta.url), 'utf8')) as {
  names: Record<string, string>;
  second_backward_throws: Record<string, boolean>;
};

torch.manualSeed(0);
const x = torch.randn([4, 5], { requiresGrad: true });
const w = torch.randn([3, 5], { requiresGrad: true });
const b = torch.randn([3], { requiresGrad: true });
const t = torch.tensor([0, 2, 1, 1]);
const img = torch.randn([2, 1, 6, 6], { requiresGrad: true });
const k = torch.randn([2, 1, 3, 3], { requiresGrad: true });
const tgt = torch.rand([4, 5]);

const expressions: Record<string, () => torch.Tensor> = {
  mean: () => x.mean(), mean_dim: () => x.mean(1), sum: () => x.sum(), sum_dim: () => x.sum(0),
  var: () => x.var(), std: () => x.std(), softmax: () => F.softmax(x, 1), log_softmax: () => F.logSoftmax(x, 1),
  cross_entropy: () => F.crossEntropy(x, t), nll: () => F.nllLoss(x, t), mse: () => F.mseLoss(x, tgt),
  l1: () => F.l1Loss(x, tgt), bce: () => F.binaryCrossEntropy(x.sigmoid(), tgt), bce_logits: () => F.binaryCrossEntropyWithLogits(x, tgt),
  smooth_l1: () => F.smoothL1Loss(x, tgt), huber: () => F.huberLoss(x, tgt),
  linear: () => F.linear(x, w, b), linear_nobias: () => F.linear(x, w), matmul2d: () => x.matmul(w.t()), t: () => x.t(), T: () => x.T,
  view: () => x.view(20), reshape: () => x.reshape(20), flatten: () => x.flatten(), relu: () => x.relu(), sigmoid: () => x.sigmoid(),
  tanh: () => x.tanh(), gelu: () => F.gelu(x), silu: () => F.silu(x), elu: () => F.elu(x), leaky_relu: () => F.leakyRelu(x),
  clamp: () => x.clamp(-1, 1), clamp_min: () => x.clamp({ min: 0 }), abs: () => x.abs(), pow: () => x.pow(2), exp: () => x.exp(), sub: () => x.sub(1),
  div_scalar: () => x.div(2), mul_scalar: () => x.mul(2), add_scalar: () => x.add(1), neg: () => x.neg(),
  select: () => x.at(0), slice: () => x.at('1:'), expand: () => x.at('0:1').expand(3, 5), squeeze: () => x.at('0:1').squeeze(0), unsqueeze: () => x.unsqueeze(0),
  cat: () => torch.cat([x, x]), stack: () => torch.stack([x, x]), gather: () => x.gather(1, t.view(4, 1)), max_all: () => x.max(), max_dim: () => x.max(1)[0],
  amax: () => x.amax(1), logsumexp: () => x.logsumexp(1), norm: () => x.norm(), prod: () => x.prod(), cumsum: () => x.cumsum(1),
  layer_norm: () => F.layerNorm(x, [5]), batch_norm: () => F.batchNorm(x, null, null, { training: true }), dropout: () => F.dropout(x, 0.5, true),
  conv2d: () => F.conv2d(img, k), max_pool2d: () => F.maxPool2d(img, 2), avg_pool2d: () => F.avgPool2d(img, 2), adaptive_avg: () => F.adaptiveAvgPool2d(img, 1),
  embedding: () => F.embedding(t, w), where: () => torch.where(x.gt(0), x, x.mul(2)), masked_fill: () => x.maskedFill(x.gt(0), 0), index_select: () => x.indexSelect(0, t),
  mask_index: () => x.at(x.gt(0)), tensor_index: () => x.at(t), clone: () => x.clone(), to64: () => x.double(), flip: () => x.flip(0), sort: () => x.sort(1)[0], topk: () => x.topk(2)[0],
  permute: () => x.permute(1, 0), transpose: () => x.transpose(0, 1), repeat: () => x.repeat(2, 1), narrow: () => x.narrow(0, 1, 2), split: () => x.split(2)[0]!, chunk: () => x.chunk(2)[1]!,
  pad: () => F.pad(x, [1, 1]), sqrt_abs: () => x.abs().sqrt(), log_softmax_dim0: () => F.logSoftmax(x, 0), dot: () => x.at(0).dot(x.at(1)), outer: () => torch.outer(x.at(0), x.at(1)),
  mm: () => torch.mm(x, w.t()), bmm: () => torch.bmm(x.view(1, 4, 5), w.t().reshape(1, 5, 3)), tril: () => x.tril(), erf: () => x.erf(), atan2: () => torch.atan2(x, x.add(3)), maximum: () => torch.maximum(x, x.mul(2)),
  min_all: () => x.min(),
  add_tensor: () => x.add(x), sub_tensor: () => x.sub(tgt.requiresGrad_()), triu: () => x.triu(), unbind: () => x.unbind(0)[1]!, roll: () => x.roll(1, 0),
  sign: () => x.sign(), round: () => x.round(), floor: () => x.floor(), cumprod: () => x.cumprod(1), amin: () => x.amin(1),
  movedim: () => x.movedim(0, 1), unflatten: () => x.unflatten(1, [5, 1]), squeeze_all: () => x.at('0:1').squeeze(),
};

/** Where the names differ on purpose. */
const DIFFERENT: Record<string, string> = {
  // adaptive_avg_pool2d to 1x1 runs mean() in PyTorch; here it is its own op with its own node
  adaptive_avg: 'AdaptiveAvgPool2DBackward0',
  // unbind returns select() views here, each with its own node; PyTorch's share one UnbindBackward0
  unbind: 'SelectBackward0',
};

describe('gradFn names, against PyTorch 1.13', () => {
  it('cover the same expressions as the fixture', () => {
    expect(Object.keys(expressions).sort()).toEqual(Object.keys(fixture.names).sort());
  });
  for (const [name, f] of Object.entries(expressions)) {
    it(name, () => {
      expect(f().gradFn?.name).toBe(DIFFERENT[name] ?? fixture.names[name]);
    });
  }
});

describe('a second backward through a freed graph, against PyTorch 1.13', () => {
  for (const [name, f] of Object.entries(expressions)) {
    const throws = fixture.second_backward_throws[name]!;
    it(`${name} ${throws ? 'throws' : 'runs again'}`, () => {
      const y = f();
      const g = torch.onesLike(y);
      y.backward(g);
      if (throws) expect(() => y.backward(g)).toThrow(/Trying to backward through the graph a second time/);
      else expect(() => y.backward(g)).not.toThrow();
    });
  }
});
