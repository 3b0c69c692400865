// Adagrad's trajectories against PyTorch, for each option on and off, float32 and float64.
import { Adagrad } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('adagrad.json', Adagrad as unknown as OptimizerClass);
