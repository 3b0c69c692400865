// The two models: the seed's SimpleNN and a small CNN (PyTorch's classic MNIST example, without dropout).
import type * as torch from '@x/tensor';
import * as nn from '@x/nn';

/** 784 → 128 → ReLU → 10, as the seed's SimpleNN. */
export class SimpleNN extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 128);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor): torch.Tensor {
    x = x.view(x.shape[0]!, -1);
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

/** Two conv+ReLU+maxpool blocks (28 → 14 → 7), then two linear layers. */
export class ConvNet extends nn.Module {
  features = new nn.Sequential(
    new nn.Conv2d(1, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(32, 64, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
  );
  fc1 = new nn.Linear(64 * 7 * 7, 128);
  relu = new nn.ReLU();
  fc2 = new nn.Linear(128, 10);
  override forward(x: torch.Tensor): torch.Tensor {
    x = this.features.forward(x) as torch.Tensor;
    x = x.view(x.shape[0]!, -1);
    return this.fc2.forward(this.relu.forward(this.fc1.forward(x)));
  }
}

export function makeModel(kind: 'mlp' | 'cnn'): nn.Module {
  return kind === 'cnn' ? new ConvNet() : new SimpleNN();
}
