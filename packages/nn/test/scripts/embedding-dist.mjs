// A whole model holding an Embedding prints and saves under its public name and loads back, with the
// built package (dist), where a bundler could rename the class.
import * as torch from '@x/tensor';
import '@x/backend-cpu';
import * as nn from '@x/nn';

torch.manualSeed(0);
const model = new nn.Sequential(new nn.Embedding(5, 3), new nn.Linear(3, 2));
const printed = String(model);
if (!printed.includes('(0): Embedding(5, 3)')) throw new Error(`print: ${printed}`);
const loaded = torch.loadBytes(await torch.saveBytes(model));
if (loaded.at(0).constructor !== nn.Embedding) throw new Error(`loaded child 0 is a ${loaded.at(0).constructor.name}`);
const x = torch.tensor([[1, 4]]);
if (JSON.stringify(loaded.forward(x).tolistSync()) !== JSON.stringify(model.forward(x).tolistSync())) throw new Error('loaded model computes other values');
console.log('embedding dist ok');
