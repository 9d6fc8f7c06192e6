import { join } from 'node:path';
import { defaultDataDir } from '../db/data-dir';

/** Installed speech models live here unless the caller (Electron: userData/models) says otherwise. */
export function defaultModelsDir(): string {
  return process.env.CALLRANK_MODELS_DIR ?? join(defaultDataDir(), 'models');
}

/** Derived artefacts (the clamped pocketsphinx wasm) that can be rebuilt at any time. */
export function cacheDirFor(modelsDir: string): string {
  return join(modelsDir, '.cache');
}
