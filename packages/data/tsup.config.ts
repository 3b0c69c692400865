import { defineConfig } from 'tsup';
import shared from '../../tsup.shared';

// shims: the CJS build needs import.meta.url to find worker/worker.mjs.
export default defineConfig({ ...(shared as object), shims: true });
