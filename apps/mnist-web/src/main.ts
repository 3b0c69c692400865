// The page: picks the device, loads the shipped weights, predicts live as the user draws, and trains
// a fresh model in the page on request. URL parameters: `backend=cpu` (skip WebGPU), `train=N` (train
// on the first N of the 10,000 served images).
import './style.css';
import { chooseBackend } from './backend';
import { Bars, showInput } from './bars';
import { CurvesView } from './curves-view';
import { loadSplit } from './data';
import { loadShipped, probabilities, type SimpleNN } from './model';
import { Pad } from './pad';
import { toMnist } from './preprocess';
import { freshTraining, type PageState } from './state';
import { trainOneEpoch } from './train';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const TRAIN_IMAGES = 10_000;
const trainLimit = Math.min(Math.max(Number(params.get('train') ?? TRAIN_IMAGES) || TRAIN_IMAGES, 64), TRAIN_IMAGES);

const state: PageState = {
  device: 'cpu', adapter: null, ready: false, busy: false, predictions: 0, prediction: null, probabilities: null,
  training: freshTraining(), error: null,
};
(window as unknown as { mnist: PageState }).mnist = state;

const bars = new Bars($<HTMLOListElement>('bars'));
const curves = new CurvesView($('curves'));
let shipped: SimpleNN | null = null;
let model: SimpleNN | null = null;

function fail(e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  state.error = message;
  const p = $('fallback');
  p.textContent = `Something went wrong: ${message}`;
  p.hidden = false;
  console.error(e);
}

// Live prediction: one at a time; a change during a prediction asks for one more after it.
let busy = false;
let again = false;
async function predict(): Promise<void> {
  if (busy) {
    again = true;
    return;
  }
  busy = state.busy = true;
  try {
    do {
      again = false;
      const image = pad.blank ? null : toMnist(pad.ink());
      showInput($<HTMLCanvasElement>('seen'), image);
      if (image === null || model === null) {
        bars.show(null);
        $('predicted').textContent = model === null ? 'Loading the model…' : 'Draw a digit';
        $('predicted-inline').textContent = '';
        state.prediction = null;
        state.probabilities = null;
        continue;
      }
      const probs = await probabilities(model, image, state.device);
      const best = probs.indexOf(Math.max(...probs));
      bars.show(probs);
      const confidence = `${(probs[best]! * 100).toFixed(1)}%`;
      $('predicted').innerHTML = `It looks like a <strong>${best}</strong> <span class="confidence">(${confidence})</span>`;
      $('predicted-inline').innerHTML = `Prediction: <strong>${best}</strong> (${confidence})`;
      state.prediction = best;
      state.probabilities = probs;
      state.predictions++;
    } while (again);
  } catch (e) {
    fail(e);
  } finally {
    busy = state.busy = false;
  }
}

const pad = new Pad($<HTMLCanvasElement>('pad'), $<HTMLCanvasElement>('pen'), {
  onChange: () => void predict(),
  onPen: (text) => ($('pen-status').textContent = text),
});

$('clear').addEventListener('click', () => pad.clear());
$('sample').addEventListener('click', async () => {
  try {
    const test = await loadSplit('t10k');
    const i = Math.floor(Math.random() * test.targets.length);
    pad.showImage(test.pixels.subarray(i * 784, (i + 1) * 784));
    $('pen-status').textContent = `Test image ${i}, labelled ${test.targets[i]}`;
  } catch (e) {
    fail(e);
  }
});

function useModel(m: SimpleNN, description: string): void {
  model = m;
  $('weights').textContent = description;
  $('use-shipped').hidden = m === shipped;
  void predict();
}

$('use-shipped').addEventListener('click', () => {
  if (shipped === null) return;
  useModel(shipped, SHIPPED);
  const status = $('train-status');
  if (state.training.done) status.textContent = status.textContent!.replace(/ Your drawings now go to this model\.$/, ' Your drawings go to the shipped weights again.');
});

const SHIPPED = 'Weights: model.safetensors, shipped with the page (apps/mnist: 5 epochs on the 60,000 training images, 97.5% test accuracy).';

$('train').addEventListener('click', async () => {
  const button = $<HTMLButtonElement>('train');
  const progress = $<HTMLProgressElement>('progress');
  const text = $('progress-text');
  const status = $('train-status');
  button.disabled = true;
  state.training = freshTraining();
  try {
    status.textContent = 'Loading the training images…';
    const [train, test] = await Promise.all([loadSplit('train'), loadSplit('t10k'), curves.reset()]);
    status.textContent = `Training on ${state.device === 'webgpu' ? 'WebGPU' : 'the CPU'}…`;
    const result = await trainOneEpoch({
      device: state.device, train, test, limit: trainLimit,
      onStep(step, steps, loss) {
        progress.max = steps;
        progress.value = step;
        text.textContent = `step ${step} of ${steps}, loss ${loss.toFixed(3)}`;
        curves.addStep(step, step / steps, loss);
        state.training.step = step;
        state.training.steps = steps;
        state.training.losses.push(loss);
        if (step === steps) status.textContent = 'Testing on 1,000 test images…';
      },
    });
    await curves.addEpoch({ epoch: 1, loss: result.meanLoss, accuracy: result.accuracy });
    await curves.settle();
    const summary = `one epoch on ${trainLimit.toLocaleString('en')} images in ${result.seconds.toFixed(1)} s, mean loss ${result.meanLoss.toFixed(3)}, test accuracy ${(result.accuracy * 100).toFixed(1)}%`;
    status.textContent = `Done: ${summary}. Your drawings now go to this model.`;
    Object.assign(state.training, { done: true, accuracy: result.accuracy, seconds: result.seconds });
    result.model.eval();
    useModel(result.model, `Weights: trained in this page (${summary}).`);
  } catch (e) {
    fail(e);
    status.textContent = 'Training failed.';
  } finally {
    button.disabled = false;
    button.textContent = 'Train again';
  }
});

async function start(): Promise<void> {
  $('train-size').textContent = trainLimit.toLocaleString('en');
  const choice = await chooseBackend(params);
  state.device = choice.device;
  state.adapter = choice.adapter;
  $('backend').innerHTML = '';
  $('backend').append('Running on: ', Object.assign(document.createElement('strong'), { textContent: choice.label }));
  if (choice.fallback !== null) {
    const note = $('fallback');
    note.textContent = choice.fallback.note;
    if (choice.fallback.detail !== undefined) {
      const details = document.createElement('details');
      details.append(Object.assign(document.createElement('summary'), { textContent: 'Why' }), choice.fallback.detail);
      note.append(' ', details);
    }
    note.hidden = false;
  }
  shipped = await loadShipped(choice.device);
  useModel(shipped, SHIPPED);
  state.ready = true;
  await curves.reset();
}

start().catch(fail);
