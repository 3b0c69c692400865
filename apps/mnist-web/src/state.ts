// What the page exposes for tests and the curious: `window.mnist` in the console.
import type { Device } from '@x/tensor';

export interface TrainingState {
  step: number;
  steps: number;
  losses: number[];
  done: boolean;
  accuracy: number | null;
  seconds: number | null;
}

export interface PageState {
  device: Device;
  /** The WebGPU adapter's name, or null on the CPU. */
  adapter: string | null;
  ready: boolean;
  /** A prediction is being computed. */
  busy: boolean;
  predictions: number;
  prediction: number | null;
  probabilities: number[] | null;
  training: TrainingState;
  error: string | null;
}

export const freshTraining = (): TrainingState => ({ step: 0, steps: 0, losses: [], done: false, accuracy: null, seconds: null });
