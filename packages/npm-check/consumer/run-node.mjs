// Runs the training program (train.mjs: train.ts with its types stripped) under this Node, through
// the installed packages' ESM entry points, and prints its result as JSON.
import { train } from './train.mjs';

console.log(JSON.stringify(await train()));
