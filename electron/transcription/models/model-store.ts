import { cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { extractArchive, modelRoot } from './archive';
import { MODEL_CATALOGUE, requiredFiles, type CatalogueEntry } from './catalogue';
import type { Limits } from '../../net/outbound-fetch';
import { downloadWithResume, ModelError, sha256File, type DownloadOptions, type DownloadProgress } from './download';

/** Written last into an installed model's folder: a folder without it is never loaded. */
const MARKER = 'callrank-model.json';

const markerSchema = z.object({
  id: z.string(),
  installedAt: z.string(),
  source: z.enum(['download', 'import']),
  from: z.string(),
  sha256: z.string().optional(),
});
export type InstalledMarker = z.infer<typeof markerSchema>;

export interface ModelStoreOptions {
  modelsDir: string;
  /** Tests and forks substitute their own catalogue. */
  catalogue?: CatalogueEntry[];
}

export interface ModelStatus {
  entry: CatalogueEntry;
  installed: InstalledMarker | undefined;
  dir: string;
}

function entryFor(id: string, catalogue: CatalogueEntry[]): CatalogueEntry {
  const entry = catalogue.find((m) => m.id === id);
  if (!entry) throw new ModelError(`unknown model "${id}"; known models: ${catalogue.map((m) => m.id).join(', ')}`);
  return entry;
}

async function readMarker(dir: string): Promise<InstalledMarker | undefined> {
  try {
    return markerSchema.parse(JSON.parse(await readFile(join(dir, MARKER), 'utf8')));
  } catch {
    return undefined;
  }
}

async function checkStructure(entry: CatalogueEntry, root: string, origin: string): Promise<void> {
  const problems: string[] = [];
  for (const file of requiredFiles(entry.layout)) {
    try {
      const info = await stat(join(root, file));
      if (!info.isFile() || info.size === 0) problems.push(`${file} is empty`);
    } catch {
      problems.push(`${file} is missing`);
    }
  }
  if (problems.length > 0) {
    throw new ModelError(`${origin} does not hold the ${entry.id} model: ${problems.join(', ')}`);
  }
}

/** Moves a checked staging folder into place; the marker goes in last so a crash never leaves a "valid" half model. */
async function commitStaged(options: ModelStoreOptions, entry: CatalogueEntry, staging: string, marker: InstalledMarker): Promise<string> {
  const root = await modelRoot(staging);
  await writeFile(join(root, MARKER), JSON.stringify(marker, null, 2));
  const target = join(options.modelsDir, entry.id);
  const retired = `${target}.old-${process.pid}-${Date.now()}`;
  await rename(target, retired).catch(() => undefined);
  await rename(root, target);
  await rm(retired, { recursive: true, force: true });
  await rm(staging, { recursive: true, force: true });
  return target;
}

function stagingDir(options: ModelStoreOptions, id: string): string {
  return join(options.modelsDir, `.staging-${id}-${process.pid}-${Date.now()}`);
}

export async function listModels(options: ModelStoreOptions): Promise<ModelStatus[]> {
  const catalogue = options.catalogue ?? MODEL_CATALOGUE;
  return Promise.all(
    catalogue.map(async (entry) => {
      const dir = join(options.modelsDir, entry.id);
      return { entry, dir, installed: await readMarker(dir) };
    }),
  );
}

export async function installModel(
  id: string,
  options: ModelStoreOptions & { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; limits?: Partial<Limits>; retry?: DownloadOptions['retry'] },
): Promise<string> {
  const entry = entryFor(id, options.catalogue ?? MODEL_CATALOGUE);
  const partPath = join(options.modelsDir, '.downloads', `${id}.part`);
  const { sha256 } = await downloadWithResume({
    url: entry.url,
    partPath,
    // The catalogue's size is approximate: twice it is room enough, and far from endless.
    maxBytes: Math.ceil(entry.downloadMb * 2 * 1024 * 1024),
    limits: options.limits,
    retry: options.retry,
    expectedSha256: entry.sha256,
    onProgress: options.onProgress,
    signal: options.signal,
  });
  const staging = stagingDir(options, id);
  try {
    await mkdir(staging, { recursive: true });
    try {
      await extractArchive(partPath, staging);
      await checkStructure(entry, await modelRoot(staging), `the archive downloaded from ${entry.url}`);
    } catch (error) {
      // A complete but wrong or corrupt archive cannot be fixed by resuming: drop it so the next try starts clean.
      await rm(partPath, { force: true });
      throw error;
    }
    const dir = await commitStaged(options, entry, staging, { id, installedAt: new Date().toISOString(), source: 'download', from: entry.url, sha256 });
    await rm(partPath, { force: true });
    return dir;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Installs from a copy brought in by hand: the release archive, or a folder already unpacked. */
export async function importModel(id: string, sourcePath: string, options: ModelStoreOptions): Promise<string> {
  const entry = entryFor(id, options.catalogue ?? MODEL_CATALOGUE);
  let info;
  try {
    info = await stat(sourcePath);
  } catch {
    throw new ModelError(`cannot import ${id}: ${sourcePath} does not exist`);
  }
  const staging = stagingDir(options, id);
  try {
    await mkdir(staging, { recursive: true });
    let sha256: string | undefined;
    if (info.isDirectory()) {
      await cp(sourcePath, join(staging, 'model'), { recursive: true });
    } else {
      sha256 = await sha256File(sourcePath);
      if (entry.sha256 && sha256 !== entry.sha256) {
        throw new ModelError(`cannot import ${id}: ${sourcePath} has sha256 ${sha256}, expected ${entry.sha256} (wrong or corrupt file)`);
      }
      await extractArchive(sourcePath, staging);
    }
    await checkStructure(entry, await modelRoot(staging), sourcePath);
    return await commitStaged(options, entry, staging, { id, installedAt: new Date().toISOString(), source: 'import', from: sourcePath, sha256 });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

export async function removeModel(id: string, options: ModelStoreOptions): Promise<boolean> {
  entryFor(id, options.catalogue ?? MODEL_CATALOGUE);
  const dir = join(options.modelsDir, id);
  const existed = (await readMarker(dir)) !== undefined;
  await rm(dir, { recursive: true, force: true });
  await rm(join(options.modelsDir, '.downloads', `${id}.part`), { force: true });
  return existed;
}

/** The folder of an installed, complete model, or undefined. */
export async function resolveInstalledModel(id: string, options: ModelStoreOptions): Promise<{ entry: CatalogueEntry; dir: string } | undefined> {
  const entry = entryFor(id, options.catalogue ?? MODEL_CATALOGUE);
  const dir = join(options.modelsDir, id);
  if (!(await readMarker(dir))) return undefined;
  await checkStructure(entry, dir, dir);
  return { entry, dir };
}
