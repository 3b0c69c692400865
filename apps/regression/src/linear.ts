// Linear regression, as in PyTorch's classic tutorial: fit y = 2x + 1 from four points.
import '@x/backend-cpu'; // registers the 'cpu' device
import '@x/autograd'; // gives tensors backward() and grad
import * as torch from '@x/tensor';
import * as nn from '@x/nn';
import * as optim from '@x/optim';

export interface LinearResult {
  losses: number[]; // the loss every 100 epochs
  w: number;
  b: number;
  prediction: number; // for x = 5
}

export function runLinear(log: (line: string) => void = () => {}): LinearResult {
  torch.manualSeed(42);

  // The data: y = 2x + 1. `{ dtype: 'float32' }` because JS cannot tell 1.0 from 1.
  const x = torch.tensor([[1], [2], [3], [4]], { dtype: 'float32' });
  const y = torch.tensor([[3], [5], [7], [9]], { dtype: 'float32' });

  // The model, the loss and the optimizer.
  const model = new nn.Linear(1, 1);
  // Start from a fixed w and b so the losses match the PyTorch script line by line
  // (random initialisation cannot: the two libraries' random streams differ).
  torch.noGrad(() => {
    model.weight.fill_(0.5);
    model.bias?.fill_(0);
  });
  const criterion = new nn.MSELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });

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

  const w = Number(model.weight.itemSync());
  const b = Number(model.bias?.itemSync() ?? 0);
  log(`Learned: w = ${w.toFixed(4)}, b = ${b.toFixed(4)}`);
  // Predict without recording a graph, as `with torch.no_grad():`.
  const prediction = Number(
    torch.noGrad(() => model.forward(torch.tensor([[5]], { dtype: 'float32' }))).itemSync(),
  );
  log(`Prediction for x = 5: ${prediction.toFixed(2)}`);
  return { losses, w, b, prediction };
}
