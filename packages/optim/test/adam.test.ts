// Adam's trajectories against PyTorch, for each option on and off, float32 and float64.
import { Adam } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('adam.json', Adam as unknown as OptimizerClass);
