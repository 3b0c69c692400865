// Runs one of the programs (train.mjs or transforms.mjs: the .ts files with their types stripped)
// under this Node, through the installed packages' ESM entry points, and prints its result as JSON.
const which = process.argv[2] ?? 'train';
const result = which === 'train' ? await (await import('./train.mjs')).train() : await (await import('./transforms.mjs')).pipeline();
console.log(JSON.stringify(result));
