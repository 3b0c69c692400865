import { defineConfig } from 'vite';
import { mnistSubset } from './scripts/mnist-subset';

export default defineConfig({
  // relative asset URLs: the built page works from any folder of a static host
  base: './',
  plugins: [mnistSubset({ train: 10_000, test: 1_000 })],
  build: { target: 'es2022', chunkSizeWarningLimit: 1500 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
