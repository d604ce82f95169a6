// Builds the viewer page into dist/ with relative asset paths (base './'), so `zksim view` can serve it and
// it also works opened as static files. The workspace packages are TypeScript sources; Vite compiles them
// like the page's own files. The bundled scenarios are read from ../../scenarios at build time.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2000,
  },
  server: { host: '127.0.0.1', fs: { allow: [fileURLToPath(new URL('../..', import.meta.url))] } },
});
