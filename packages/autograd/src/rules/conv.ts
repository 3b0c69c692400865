// Gradient rules of convolution, pooling and pad. Every backward is made of recorded ops (the
// convolution gradient ops, scatterAdd, matmul, pad), so second derivatives flow through them too:
// convolution and its two gradients are bilinear and each one's gradients are the other two.
import * as torch from '@x/tensor';
import type { ConvPlan, PadStep, PoolGeometry, Tensor } from '@x/tensor';
import { defineRules } from './registry';

const planOf = (attrs: torch.OpAttrs) => attrs.plan as ConvPlan;

defineRules({
  // y = conv(x, w) + b
  convolution: {
    name: 'ConvolutionBackward0',
    save: (inputs) => [inputs[0]!, inputs[1]!],
    backward: (a) => {
      const [x, w] = a.saved as [Tensor, Tensor];
      const plan = planOf(a.attrs);
      const g = a.grad;
      const gx = a.needs[0] ? torch.convolutionBackwardInput(g, w, x.shape, plan) : null;
      // one pass gives both, when no graph of the gradient is being built (that needs recorded ops)
      if (a.needs[1] && a.needs[2] && !torch.isGradEnabled()) return [gx, ...torch.convolutionBackwardWeightBias(x, g, w.shape, plan)];
      return [
        gx,
        a.needs[1] ? torch.convolutionBackwardWeight(x, g, w.shape, plan) : null,
        // the bias is added at every position of every sample
        a.needs[2] ? g.sum(plan.spatial === 2 ? [0, 2, 3] : [0, 2]) : null,
      ];
    },
  },
  // dx = convT(dy, w): linear in dy (adjoint: conv) and in w (adjoint: the weight gradient)
  convolutionBackwardInput: {
    name: 'ConvolutionBackwardBackward0',
    save: (inputs) => [inputs[0]!, inputs[1]!],
    backward: (a) => {
      const [gy, w] = a.saved as [Tensor, Tensor];
      const plan = planOf(a.attrs);
      return [
        a.needs[0] ? torch.convolution(a.grad, w, null, plan) : null,
        a.needs[1] ? torch.convolutionBackwardWeight(a.grad, gy, w.shape, plan) : null,
      ];
    },
  },
  // dw = corr(x, dy): linear in x (adjoint: the input gradient) and in dy (adjoint: conv)
  convolutionBackwardWeight: {
    name: 'ConvolutionBackwardBackward0',
    save: (inputs) => [inputs[0]!, inputs[1]!],
    backward: (a) => {
      const [x, gy] = a.saved as [Tensor, Tensor];
      const plan = planOf(a.attrs);
      return [
        a.needs[0] ? torch.convolutionBackwardInput(gy, a.grad, x.shape, plan) : null,
        a.needs[1] ? torch.convolution(x, a.grad, null, plan) : null,
      ];
    },
  },

  // each output took the value at its argmax: the gradient goes back there, summed where windows overlap
  maxPool2d: {
    name: 'MaxPool2DWithIndicesBackward0',
    backward: (a) => [torch.maxPool2dBackward(a.grad, a.attrs.indices as Tensor, a.inputs[0]!.shape, a.attrs.plan as PoolGeometry)],
  },
  // linear in the output gradient: its own gradient reads the incoming one back at the indices
  maxPool2dBackward: {
    name: 'MaxPool2DWithIndicesBackwardBackward0',
    backward: (a) => {
      const indices = a.attrs.indices as Tensor;
      const [N, C, OH, OW] = indices.shape as [number, number, number, number];
      const [H, W] = a.grad.shape.slice(2) as [number, number];
      return [a.grad.reshape(N, C, H * W).gather(2, indices.reshape(N, C, OH * OW)).reshape(N, C, OH, OW)];
    },
  },
  // each window's gradient, divided by its divisor, spread over the window (a transposed convolution with ones)
  avgPool2d: {
    name: 'AvgPool2DBackward0',
    backward: (a) => {
      const [N, C, H, W] = a.inputs[0]!.shape as [number, number, number, number];
      const [oh, ow] = a.grad.shape.slice(2) as [number, number];
      const g = a.grad.reshape(N * C, 1, oh, ow).div(a.attrs.divisor as Tensor);
      return [torch.convolutionBackwardInput(g, a.attrs.window as Tensor, [N * C, 1, H, W], planOf(a.attrs)).reshape(N, C, H, W)];
    },
  },
  // y = P_h @ x @ P_w^T
  adaptiveAvgPool2d: {
    name: 'AdaptiveAvgPool2DBackward0',
    backward: (a) => {
      const ph = a.attrs.ph as Tensor;
      const pw = a.attrs.pw as Tensor;
      return [ph.transpose(0, 1).matmul(a.grad.matmul(pw))];
    },
  },

  pad: {
    name: (attrs) => {
      const k = (attrs.steps as PadStep[]).length;
      switch (attrs.mode) {
        case 'reflect':
          return `ReflectionPad${k}DBackward0`;
        case 'replicate':
          return `ReplicationPad${k}DBackward0`;
        case 'circular':
          return 'CircularPadBackward0';
        default:
          return 'ConstantPadNdBackward0';
      }
    },
    backward: (a) => {
      // constant: the same pad with the amounts negated crops the padding off (and zero-fills what was cropped)
      if (a.attrs.mode === 'constant') return [torch.pad(a.grad, (a.attrs.pad as number[]).map((p) => -p))];
      // indexed: undo each indexSelect (last applied first) by scatter-adding into the dim's former size
      const steps = a.attrs.steps as PadStep[];
      const indices = a.attrs.indices as Tensor[];
      const shapes: number[][] = [[...a.inputs[0]!.shape]];
      for (const s of steps) shapes.push(shapes[shapes.length - 1]!.map((n, d) => (d === s.dim ? n + s.before + s.after : n)));
      let g = a.grad;
      for (let i = steps.length - 1; i >= 0; i--) {
        const { dim } = steps[i]!;
        const index = indices[i]!.reshape(g.shape.map((s, d) => (d === dim ? s : 1))).expand([...g.shape]);
        g = torch.zeros(shapes[i]!, { dtype: g.dtype, device: g.device }).scatterAdd(dim, index, g);
      }
      return [g];
    },
  },
});
