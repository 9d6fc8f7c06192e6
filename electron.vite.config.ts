import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  main: {
    // React's production build for the first screen (first-screen below): it picks its build by
    // NODE_ENV when it runs, and serve's process does not set it.
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      // electron-store is ESM-only: bundle it into main rather than leave it to require().
      externalizeDeps: { exclude: ['electron-store'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The embedded speech engine's decoder thread: its own file, loaded by new Worker().
          'pocketsphinx-worker': resolve(__dirname, 'electron/transcription/engines/embedded/pocketsphinx-worker.ts'),
          // The ranked queue's index (columns, text, sort orders), built off the serving thread.
          'queue-index-worker': resolve(__dirname, 'electron/queue/queue-index-worker.ts'),
          // Re-scores every call after a rubric is saved, off the serving thread.
          'rescore-worker': resolve(__dirname, 'electron/scoring/rescore-worker.ts'),
          // Retrains the conversion model after outcomes (a model_jobs row), off the serving thread.
          'retrain-worker': resolve(__dirname, 'electron/scoring/model/retrain-worker.ts'),
          // The queue's first screen rendered by `serve` with the renderer's own components
          // (renderer/src/first-screen/): built here, for Node, beside the server that loads it.
          'first-screen': resolve(__dirname, 'renderer/src/first-screen/render-first-screen.tsx'),
          // The CLI and headless server as shipped (`node out/main/cli.js serve`): no TypeScript loader.
          cli: resolve(__dirname, 'electron/cli/main.ts'),
        },
        // Shared chunks beside the entries: workers are found as siblings of the code that starts them.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle the contract (and zod) into it.
      externalizeDeps: false,
      rollupOptions: {
        external: ['electron'],
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      // Smaller script, faster first paint of a 100k-lead queue.
      minify: true,
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
