// The metadata keys @x writes into a safetensors file.

/** The saved object's tree as JSON (see structure.ts): `{"version": 1, "root": ...}`. */
export const STRUCTURE_KEY = 'x.structure';
export const STRUCTURE_VERSION = 1;
/** safetensors' convention for files from PyTorch (transformers checks it). */
export const FORMAT_KEY = 'format';
