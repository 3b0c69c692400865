// The backend-agnostic conformance suite (PyTorch golden fixtures) on the CPU backend.
import '../src/index';
import { runConformance } from '@x/conformance';

runConformance({ device: 'cpu' });
