// RMSprop's trajectories against PyTorch, for each option on and off, float32 and float64.
import { RMSprop } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('rmsprop.json', RMSprop as unknown as OptimizerClass);
