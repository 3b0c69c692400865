// AdamW's trajectories against PyTorch, for each option on and off, float32 and float64.
import { AdamW } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('adamw.json', AdamW as unknown as OptimizerClass);
