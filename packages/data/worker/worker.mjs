// DataLoader worker thread (plain JS: it runs in Node without a TypeScript loader).
// It rebuilds the dataset from { module, export, args }, loads the items of each batch it is sent and
// posts them back, tensors as typed arrays + shape + dtype (transferred, not copied). For a map-style
// dataset a request names the indices of a batch; for an iterable dataset it asks for the next batch of
// this worker's own stream, which ends with an 'end' message (as PyTorch's _IterableDatasetStopIteration).
import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import * as torch from '@x/tensor';

const { spec, workerId, numWorkers, seed } = workerData;

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

const CLONE_HINT = 'items come back from worker threads by structured clone: return tensors, numbers, strings, booleans, arrays and plain objects (no functions or class instances)';

/**
 * Posts a batch. When an item cannot be cloned, the error names that item's sample index (`indices`,
 * for a map-style batch), found by cloning the items one by one.
 */
function postItems(id, items, indices) {
  const transfer = [];
  const encoded = encode(items, transfer);
  try {
    parentPort.postMessage({ type: 'batch', id, items: encoded }, transfer);
  } catch (err) {
    const culprit = encoded.findIndex((item) => { try { structuredClone(item); return false; } catch { return true; } });
    // A DataCloneError is a DOMException, whose message cannot be reassigned: say it in a new Error.
    const e = new Error(`${err instanceof Error ? err.message : String(err)} (${CLONE_HINT})`);
    e.name = err instanceof Error ? err.name : 'Error';
    e.stack = err instanceof Error ? err.stack : undefined;
    postError(id, indices && culprit >= 0 ? 'sample' : 'iterate', indices && culprit >= 0 ? indices[culprit] : null, e);
  }
}

function postError(id, phase, index, err) {
  const e = err instanceof Error ? err : new Error(String(err));
  parentPort.postMessage({ type: 'error', id, phase, index, message: e.message, name: e.name, stack: e.stack ?? '' });
}

// Each worker gets its own seed (base seed + worker id), as PyTorch seeds its workers.
const workerSeed = BigInt.asUintN(64, BigInt(seed) + BigInt(workerId));
torch.manualSeed(workerSeed);
// getWorkerInfo() in @x/data reads this (any copy of it: a registered symbol on globalThis), as
// torch.utils.data.get_worker_info(); set before the dataset is built so constructors can shard too.
globalThis[Symbol.for('@x/data.workerInfo')] = Object.freeze({ id: workerId, numWorkers, seed: workerSeed });
const ready = buildDataset();
ready.catch(() => undefined); // reported to the main thread by the first request

const NOT_BUILT = Symbol('not built');

/** The dataset, or NOT_BUILT after reporting to request `id` that it could not be built. */
async function datasetFor(id) {
  try {
    return await ready;
  } catch (err) {
    postError(id, 'build', null, err);
    return NOT_BUILT;
  }
}

async function loadBatch(msg) {
  const dataset = await datasetFor(msg.id);
  if (dataset === NOT_BUILT) return;
  let index = null;
  const items = [];
  try {
    for (const i of msg.indices) {
      index = i;
      items.push(await dataset.getItem(i));
    }
  } catch (err) {
    postError(msg.id, 'sample', index, err);
    return;
  }
  postItems(msg.id, items, msg.indices);
}

// The stream of an iterable dataset: one iterator per epoch, pulled by one request at a time.
const stream = { epoch: null, iterator: null, isAsync: false, ended: false };

function startStream(dataset, epoch) {
  const old = stream.iterator;
  Object.assign(stream, { epoch, iterator: null, isAsync: false, ended: false });
  if (old && typeof old.return === 'function') Promise.resolve().then(() => old.return()).catch(() => undefined); // an epoch left early
  if (dataset !== null && typeof dataset === 'object' && typeof dataset[Symbol.asyncIterator] === 'function') {
    stream.iterator = dataset[Symbol.asyncIterator]();
    stream.isAsync = true;
  } else if (dataset !== null && typeof dataset === 'object' && typeof dataset[Symbol.iterator] === 'function') {
    stream.iterator = dataset[Symbol.iterator]();
  } else {
    stream.ended = true;
    throw new TypeError(`the dataset built from '${spec.export}' is not iterable (no [Symbol.asyncIterator] or [Symbol.iterator])`);
  }
}

async function nextBatch(msg) {
  const dataset = await datasetFor(msg.id);
  if (dataset === NOT_BUILT) return;
  try {
    if (stream.epoch !== msg.epoch) startStream(dataset, msg.epoch);
    const items = [];
    while (!stream.ended && items.length < msg.batchSize) {
      const r = await stream.iterator.next();
      if (r.done) stream.ended = true;
      else items.push(stream.isAsync ? r.value : await r.value); // as `for await` over a sync iterable
    }
    if (items.length === 0 || (items.length < msg.batchSize && msg.dropLast)) parentPort.postMessage({ type: 'end', id: msg.id });
    else postItems(msg.id, items);
  } catch (err) {
    stream.ended = true;
    postError(msg.id, 'iterate', null, err);
  }
}

// Requests for a stream must run one after another; map-style batches may overlap (async getItem).
let streamQueue = Promise.resolve();

parentPort.on('message', (msg) => {
  if (msg.type === 'batch') void loadBatch(msg);
  else if (msg.type === 'next') streamQueue = streamQueue.then(() => nextBatch(msg));
});
