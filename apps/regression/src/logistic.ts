// Logistic regression, as in PyTorch's classic tutorial: class 1 when x > 2.
import '@x/backend-cpu'; // registers the 'cpu' device
import '@x/autograd'; // gives tensors backward() and grad
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';

// The model: a linear layer then a sigmoid, giving the probability of class 1.
class LogisticRegression extends nn.Module {
  linear = new nn.Linear(1, 1);
  sigmoid = new nn.Sigmoid();
  override forward(x: torch.Tensor): torch.Tensor {
    return this.sigmoid.forward(this.linear.forward(x));
  }
}

export interface LogisticResult {
  losses: number[]; // the loss every 100 epochs
  probabilities: number[]; // for x = 1.5, 2.5, 3.5
  classes: number[];
}

export function runLogistic(log: (line: string) => void = () => {}): LogisticResult {
  torch.manualSeed(42);

  // The data: four points, label 1 when x > 2.
  const x = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
  const y = torch.tensor([[0], [0], [1], [1]], { dtype: 'float32' });

  const model = new LogisticRegression();
  // A fixed start so the losses match the PyTorch script line by line.
  torch.noGrad(() => {
    model.linear.weight.fill_(0.1);
    model.linear.bias?.fill_(0);
  });
  const criterion = new nn.BCELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

  const losses: number[] = [];
  const epochs = 1000;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const outputs = model.forward(x); // forward pass
    const loss = criterion.forward(outputs, y); // loss
    optimizer.zeroGrad(); // clear old gradients
    loss.backward(); // backward pass
    optimizer.step(); // update w and b
    if ((epoch + 1) % 100 === 0) {
      const value = Number(loss.itemSync());
      losses.push(value);
      log(`Epoch [${epoch + 1}/${epochs}], Loss: ${value.toFixed(4)}`);
    }
  }

  // Predict: probability > 0.5 means class 1.
  const inputs = [1.5, 2.5, 3.5];
  const probs = torch.noGrad(() => model.forward(torch.tensor([[1.5], [2.5], [3.5]])));
  const probabilities = Array.from(probs.flatten().dataSync(), Number);
  const classes = Array.from(probs.gt(0.5).long().flatten().dataSync(), Number);
  inputs.forEach((v, i) => {
    log(`x = ${v}: probability ${probabilities[i].toFixed(4)}, class ${classes[i]}`);
  });
  return { losses, probabilities, classes };
}
