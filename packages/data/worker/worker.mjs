// DataLoader worker thread (plain JS: it runs in Node without a TypeScript loader).
// It rebuilds the dataset from { module, export, args }, loads the items of each batch it is sent and
// posts them back, tensors as typed arrays + shape + dtype (transferred, not copied).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import * as torch from '@x/tensor';

const { spec, workerId, seed } = workerData;

function specifier(m) {
  return isAbsolute(m) ? pathToFileURL(m).href : m;
}

async function buildDataset() {
  const mod = await import(specifier(spec.module));
  const exp = mod[spec.export];
  if (exp === undefined) throw new Error(`module ${spec.module} has no export '${spec.export}'`);
  const args = spec.args ?? [];
  if (typeof exp !== 'function') return exp;
  if (/^class\b/.test(Function.prototype.toString.call(exp))) return new exp(...args);
  return await exp(...args);
}

function isTensor(x) {
  return torch.isTensor(x) || (typeof x === 'object' && x !== null && typeof x.dataSync === 'function' && Array.isArray(x.shape) && typeof x.dtype === 'string');
}

function encode(x, transfer) {
  if (isTensor(x)) {
    const data = x.dataSync(); // a fresh copy in row-major order
    transfer.push(data.buffer);
    return { __xTensor: true, data, shape: [...x.shape], dtype: x.dtype };
  }
  if (Array.isArray(x)) return x.map((v) => encode(v, transfer));
  if (typeof x === 'object' && x !== null && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null)) {
    const out = {};
    for (const k of Object.keys(x)) out[k] = encode(x[k], transfer);
    return out;
  }
  return x;
}

// Each worker gets its own seed (base seed + worker id), as PyTorch seeds its workers.
torch.manualSeed(BigInt.asUintN(64, BigInt(seed) + BigInt(workerId)));
const ready = buildDataset();

parentPort.on('message', async (msg) => {
  if (msg.type !== 'batch') return;
  let index = null;
  try {
    const dataset = await ready;
    const items = [];
    for (const i of msg.indices) {
      index = i;
      items.push(await dataset.getItem(i));
    }
    const transfer = [];
    const encoded = encode(items, transfer);
    parentPort.postMessage({ type: 'batch', id: msg.id, items: encoded }, transfer);
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort.postMessage({ type: 'error', id: msg.id, index, message: e.message, name: e.name, stack: e.stack ?? '' });
  }
});
