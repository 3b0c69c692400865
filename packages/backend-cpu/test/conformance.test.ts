// The backend-agnostic conformance suite (PyTorch golden fixtures) on the CPU backend, on one thread
// (conformance-threads.test.ts runs it again with every matrix product split over two threads).
import '../src/index';
import { setNumThreads } from '@x/tensor';
import { runConformance } from '@x/conformance';

setNumThreads(1);
runConformance({ device: 'cpu' });
