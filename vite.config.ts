import { defineConfig } from 'vite';

// The web app: src/web → dist/web, served by `remixer serve`.
export default defineConfig({
  root: 'src/web',
  base: './',
  build: { outDir: '../../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2048 },
  logLevel: 'warn',
});
