// tsup settings shared by the packages: ESM + .d.ts from src/index.ts. ESM only: CommonJS callers
// require() it (Node 20.19+ loads ES modules without top-level await that way), so there is one copy
// of each module and one set of types. No source maps: src/ is not published, and maps that embed
// the sources would double the tarballs.
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: false,
  clean: true,
  target: 'node20',
  keepNames: true,
  // Whitespace and syntax minified, identifiers kept (readable names in stack traces): @x/vision with
  // its peers installs in under 2 MB.
  esbuildOptions(options) {
    options.minifyWhitespace = true;
    options.minifySyntax = true;
  },
});
