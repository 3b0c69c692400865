// Adadelta's trajectories against PyTorch, for each option on and off, float32 and float64.
import { Adadelta } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('adadelta.json', Adadelta as unknown as OptimizerClass);
