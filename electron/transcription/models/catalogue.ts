/** How sherpa-onnx loads the model's files (relative to the installed model folder). */
export type SherpaModelLayout =
  | { kind: 'whisper'; encoder: string; decoder: string; tokens: string }
  | { kind: 'moonshine'; preprocessor: string; encoder: string; uncachedDecoder: string; cachedDecoder: string; tokens: string }
  | { kind: 'nemo-transducer'; encoder: string; decoder: string; joiner: string; tokens: string };

export interface CatalogueEntry {
  id: string;
  family: 'whisper' | 'moonshine' | 'parakeet';
  description: string;
  /** Approximate archive size; the server's Content-Length is what the download trusts. */
  downloadMb: number;
  speedNote: string;
  accuracyNote: string;
  licence: string;
  /** The sherpa-onnx project's release asset: the official packaging of these models for sherpa-onnx. */
  url: string;
  /**
   * SHA-256 of the archive. Left undefined where it could not be checked from this offline workplace; the
   * installer then verifies the archive's structure (every file in `layout` present and non-empty) instead.
   */
  sha256?: string;
  layout: SherpaModelLayout;
}

const RELEASES = 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models';

function whisper(size: 'tiny' | 'base' | 'small', downloadMb: number, speedNote: string, accuracyNote: string): CatalogueEntry {
  const name = `${size}.en`;
  return {
    id: `whisper-${name}`,
    family: 'whisper',
    description: `OpenAI Whisper ${name} (English-only), int8 ONNX export`,
    downloadMb,
    speedNote,
    accuracyNote,
    licence: 'MIT (OpenAI Whisper weights)',
    url: `${RELEASES}/sherpa-onnx-whisper-${name}.tar.bz2`,
    layout: {
      kind: 'whisper',
      encoder: `${name}-encoder.int8.onnx`,
      decoder: `${name}-decoder.int8.onnx`,
      tokens: `${name}-tokens.txt`,
    },
  };
}

export const MODEL_CATALOGUE: CatalogueEntry[] = [
  whisper('tiny', 113, 'fastest Whisper; ~0.1 real-time factor on 2 cores', 'published LibriSpeech test-clean WER ~5.6%; weaker on noisy 8 kHz calls'),
  whisper('base', 199, '~2x tiny', 'published LibriSpeech test-clean WER ~4.3%; the recommended default for calls'),
  whisper('small', 606, '~4x base; wants 4+ cores', 'published LibriSpeech test-clean WER ~3.0%'),
  {
    id: 'moonshine-tiny-en',
    family: 'moonshine',
    description: 'Useful Sensors Moonshine tiny (English), int8; compute scales with audio length, no 30 s padding',
    downloadMb: 50,
    speedNote: 'faster than whisper-tiny.en on short VAD chunks',
    accuracyNote: 'published LibriSpeech test-clean WER ~4.5%',
    licence: 'MIT',
    url: `${RELEASES}/sherpa-onnx-moonshine-tiny-en-int8.tar.bz2`,
    layout: {
      kind: 'moonshine',
      preprocessor: 'preprocess.onnx',
      encoder: 'encode.int8.onnx',
      uncachedDecoder: 'uncached_decode.int8.onnx',
      cachedDecoder: 'cached_decode.int8.onnx',
      tokens: 'tokens.txt',
    },
  },
  {
    id: 'moonshine-base-en',
    family: 'moonshine',
    description: 'Useful Sensors Moonshine base (English), int8',
    downloadMb: 110,
    speedNote: '~2x moonshine-tiny',
    accuracyNote: 'published LibriSpeech test-clean WER ~3.2%',
    licence: 'MIT',
    url: `${RELEASES}/sherpa-onnx-moonshine-base-en-int8.tar.bz2`,
    layout: {
      kind: 'moonshine',
      preprocessor: 'preprocess.onnx',
      encoder: 'encode.int8.onnx',
      uncachedDecoder: 'uncached_decode.int8.onnx',
      cachedDecoder: 'cached_decode.int8.onnx',
      tokens: 'tokens.txt',
    },
  },
  {
    id: 'parakeet-tdt-0.6b-v2',
    family: 'parakeet',
    description: 'NVIDIA Parakeet TDT 0.6B v2 (English) transducer, int8; gives token timestamps',
    downloadMb: 465,
    speedNote: 'fast for its size (transducer, no autoregressive decoder); wants 4+ cores',
    accuracyNote: 'published LibriSpeech test-clean WER ~1.7%; punctuation and casing',
    licence: 'CC-BY-4.0',
    url: `${RELEASES}/sherpa-onnx-nemo-parakeet-tdt-0.6b-v2-int8.tar.bz2`,
    layout: { kind: 'nemo-transducer', encoder: 'encoder.int8.onnx', decoder: 'decoder.int8.onnx', joiner: 'joiner.int8.onnx', tokens: 'tokens.txt' },
  },
];

export function findCatalogueEntry(id: string): CatalogueEntry | undefined {
  return MODEL_CATALOGUE.find((m) => m.id === id);
}

export function requiredFiles(layout: SherpaModelLayout): string[] {
  const { kind: _kind, ...files } = layout;
  return Object.values(files);
}
