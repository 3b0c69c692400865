// Two entries: index (Node: Dawn through the `webgpu` package, imported only when ready() runs) and
// browser (navigator.gpu; no Node module anywhere in its graph). package.json's `exports` picks one.
import { defineConfig } from 'tsup';
import shared from '../../tsup.shared';

export default defineConfig({ ...(shared as object), entry: ['src/index.ts', 'src/browser.ts'], format: ['esm'], external: ['webgpu'] });
