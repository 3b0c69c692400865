// SGD's trajectories against PyTorch: plain, momentum, dampening, nesterov, weightDecay, maximize,
// all together, per-group overrides; float32 and float64.
import { SGD } from '../src/index';
import type { OptimizerClass } from './fixtures';
import { describeTrajectories } from './trajectories';

describeTrajectories('sgd.json', SGD as unknown as OptimizerClass);
