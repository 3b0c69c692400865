// The conformance suite with gradient checks: every differentiable case's input gradients against PyTorch's.
import '@x/backend-cpu';
import '../src/index';
import { runConformance } from '@x/conformance';

runConformance({ device: 'cpu', grads: true });
