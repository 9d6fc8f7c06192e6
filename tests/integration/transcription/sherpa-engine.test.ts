import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSherpa, SherpaEngine, wordsFromResult } from '../../../electron/transcription/engines/sherpa/sherpa-engine';
import { listModels } from '../../../electron/transcription/models/model-store';
import { defaultModelsDir } from '../../../electron/transcription/paths';
import { writeWav } from '../../fixtures/wav-writer';
import { loadMono16k } from './stereo-call';

const modelsDir = defaultModelsDir();
const installed = (await listModels({ modelsDir })).filter((m) => m.installed);
const skipReason = installed.length === 0 ? `no sherpa-onnx model installed in ${modelsDir} (set CALLRANK_MODELS_DIR or run "models install whisper-tiny.en"); skipping the real-model test` : '';
if (skipReason) console.log(skipReason);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-sherpa-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('local neural engine (sherpa-onnx)', () => {
  it('loads the prebuilt native addon from npm on this platform', () => {
    const sherpa = loadSherpa() as unknown as { version: string; OfflineRecognizer: unknown };
    expect(sherpa.version).toMatch(/^1\.13\./);
    expect(typeof sherpa.OfflineRecognizer).toBe('function');
  });

  it('says which model to install when none is', async () => {
    const engine = new SherpaEngine({ modelsDir: join(dir, 'empty') });
    const path = join(dir, 'a.wav');
    await writeWav(path, 16_000, [new Float32Array(16_000)]);
    await expect(engine.transcribe({ filePath: path })).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('run "models install whisper-base.en"'),
    });
  });

  it('turns transducer token timestamps into word times', () => {
    const chunk = { startS: 10, samples: new Float32Array(32_000) };
    const words = wordsFromResult({ text: 'not interested', tokens: ['▁not', '▁inter', 'est', 'ed'], timestamps: [0.1, 0.5, 0.7, 0.9] }, chunk);
    expect(words).toEqual([
      { word: 'not', start: 10.1, end: 10.5 },
      { word: 'interested', start: 10.5, end: 12 },
    ]);
  });

  it('spreads words over the chunk when the model gives no timestamps (Whisper, Moonshine)', () => {
    const words = wordsFromResult({ text: ' call back', tokens: [], timestamps: [] }, { startS: 1, samples: new Float32Array(16_000) });
    expect(words.map((w) => w.word)).toEqual(['call', 'back']);
    expect(words[0]?.start).toBe(1);
    expect(words[1]?.end).toBeCloseTo(2, 6);
  });

  it.skipIf(skipReason !== '')('transcribes speech with an installed model', async () => {
    const engine = new SherpaEngine({ modelsDir, modelId: installed[0]?.entry.id });
    const path = join(dir, 'customer.wav');
    await writeWav(path, 16_000, [await loadMono16k('customer-speech.opus')]);
    const transcript = await engine.transcribe({ filePath: path });
    const text = transcript.segments.map((s) => s.text).join(' ').toLowerCase();
    expect(text).toContain('interested');
    expect(transcript.engine).toBe('local');
  });
});
