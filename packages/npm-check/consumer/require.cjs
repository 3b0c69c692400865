// A CommonJS user: require() of every package (Node 20.19+ loads their ES modules), then a step of
// training and a PNG round trip through the required modules.
'use strict';
const torch = require('@x/tensor');
require('@x/backend-cpu');
require('@x/autograd');
const nn = require('@x/nn');
const optim = require('@x/optim');
const { TensorDataset } = require('@x/data');
const { transforms } = require('@x/vision');

torch.manualSeed(0);
const model = new nn.Linear(3, 1);
const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
const x = torch.randn(8, 3);
const loss = model.forward(x).pow(2).mean();
loss.backward();
opt.step();
const after = model.forward(x).pow(2).mean();
if (!(Number(after.itemSync()) < Number(loss.itemSync()))) throw new Error('an SGD step did not lower the loss');
if (new TensorDataset(x).length !== 8) throw new Error('TensorDataset');
const t = transforms.Normalize([0.5], [0.5])(torch.ones(1, 2, 2));
if (JSON.stringify(t.tolistSync()) !== '[[[1,1],[1,1]]]') throw new Error('transforms.Normalize');
console.log('require ok');
