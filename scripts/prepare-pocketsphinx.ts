// Builds the trap-clamped pocketsphinx.wasm ahead of time (e.g. while packaging the desktop app, so the shipped
// app does not need binaryen at run time). Usage: npx tsx scripts/prepare-pocketsphinx.ts [cache-dir]
// Without it the embedded engine builds the same file lazily on first use into <modelsDir>/.cache.
import { join } from 'node:path';
import { ensureClampedWasm } from '../electron/transcription/engines/embedded/wasm-fix';
import { defaultModelsDir } from '../electron/transcription/paths';

const target = process.argv[2] ?? join(defaultModelsDir(), '.cache');
const started = Date.now();
ensureClampedWasm(target).then(
  (path) => console.log(`clamped pocketsphinx wasm ready: ${path} (${Date.now() - started} ms)`),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
