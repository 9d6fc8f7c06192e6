import { open, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTranscriber, loadSidecarTranscript, TranscriptionError } from '../../../electron/transcription/index';
import { encodeWav } from '../../fixtures/wav-writer';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-transcriber-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Writes an hour of 8 kHz mu-law silence (28.8 MB) block by block. */
async function writeSilentHour(path: string): Promise<void> {
  const seconds = 3600;
  const header = encodeWav(8000, [new Float32Array(0)], 'mulaw');
  header.writeUInt32LE(36 + seconds * 8000, 4);
  header.writeUInt32LE(seconds * 8000, 40);
  const handle = await open(path, 'w');
  try {
    await handle.write(header);
    const minute = Buffer.alloc(60 * 8000, 0xff); // 0xFF is mu-law zero
    for (let m = 0; m < 60; m++) await handle.write(minute);
  } finally {
    await handle.close();
  }
}

describe('createTranscriber', () => {
  it('returns an empty transcript for an hour of silence without starting the engine', async () => {
    const path = join(dir, 'silent-hour.wav');
    await writeSilentHour(path);
    const transcriber = createTranscriber({ modelsDir: join(dir, 'models') });
    const started = Date.now();
    const transcript = await transcriber.transcribe({ filePath: path });
    console.log(`1-hour silent file transcribed in ${Date.now() - started} ms`);
    await transcriber.close();
    expect(transcript.segments).toEqual([]);
    expect(transcript.durationS).toBe(3600);
    expect(transcriber.engineName).toBe('embedded');
    expect(transcriber.lowAccuracy).toBe(true);
  });

  it('uses a sidecar transcript instead of running the engine, marked as such', async () => {
    const recording = join(dir, 'call-42.mp3');
    await writeFile(recording, 'not audio at all: proves the engine never ran');
    await writeFile(
      join(dir, 'call-42.transcript.json'),
      JSON.stringify({
        engine: 'acme-pbx',
        segments: [
          { speaker: 'customer', start: 3.1, end: 4, text: 'not interested' },
          { speaker: 'agent', start: 0.5, end: 2.9, text: 'this call is recorded' },
        ],
      }),
    );
    const transcriber = createTranscriber({});
    const progress: number[] = [];
    const transcript = await transcriber.transcribe({ filePath: recording, onProgress: (f) => progress.push(f) });
    await transcriber.close();
    expect(transcript).toMatchObject({ source: 'sidecar', engine: 'acme-pbx', durationS: 4 });
    expect(transcript.segments.map((s) => s.speaker)).toEqual(['agent', 'customer']);
    expect(progress).toEqual([1]);
  });

  it('names the field that is wrong in a malformed sidecar', async () => {
    const recording = join(dir, 'bad.wav');
    await writeFile(join(dir, 'bad.transcript.json'), JSON.stringify({ segments: [{ speaker: 'agent', start: 'zero', end: 1, text: '' }] }));
    await expect(loadSidecarTranscript(recording)).rejects.toThrow(/bad\.transcript\.json is malformed at segments\.0\.start/);
  });

  it('has no sidecar for a plain recording', async () => {
    expect(await loadSidecarTranscript(join(dir, 'plain.wav'))).toBeUndefined();
  });

  it('rejects an unknown engine by name, listing the known ones', () => {
    expect(() => createTranscriber({ engine: 'whisperx' })).toThrow(TranscriptionError);
    expect(() => createTranscriber({ engine: 'whisperx' })).toThrow(/unknown engine "whisperx"; choose one of: embedded/);
  });

  it('passes the decoder error through for a broken file', async () => {
    const path = join(dir, 'broken.mp3');
    await writeFile(path, Buffer.alloc(5000, 7));
    const transcriber = createTranscriber({});
    await expect(transcriber.transcribe({ filePath: path })).rejects.toThrow('cannot decode: file is not a valid MP3 (no frame sync found)');
    await transcriber.close();
  });
});
