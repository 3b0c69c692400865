// Runs both regressions of PyTorch's classic tutorial and prints what PyTorch prints.
import { runLinear } from './linear';
import { runLogistic } from './logistic';

console.log('Linear regression');
runLinear(console.log);
console.log('\nLogistic regression');
runLogistic(console.log);
