// The inputs and parameters of the bench's small CNN step (cnn-step.ts, cnn-profile.ts), seeded as
// cnn_step.py seeds PyTorch's: x [64, 1, 28, 28], conv1 32 x 1 x 3 x 3 (+ bias), conv2 64 x 32 x 3 x 3 (+ bias).
import * as torch from '@x/tensor';

export function cnnParams(): { x: torch.Tensor; w1: torch.Tensor; b1: torch.Tensor; w2: torch.Tensor; b2: torch.Tensor } {
  torch.manualSeed(0);
  const x = torch.randn(64, 1, 28, 28);
  const w1 = torch.randn(32, 1, 3, 3).mul(0.3).requiresGrad_();
  const b1 = torch.randn(32).requiresGrad_();
  const w2 = torch.randn(64, 32, 3, 3).mul(0.06).requiresGrad_();
  const b2 = torch.randn(64).requiresGrad_();
  return { x, w1, b1, w2, b2 };
}
