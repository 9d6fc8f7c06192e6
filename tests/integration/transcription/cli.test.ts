import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../electron/cli/args';
import type { CliCommand } from '../../../electron/cli/command';
import { modelsCommand } from '../../../electron/cli/commands/models';
import { transcribeCommand } from '../../../electron/cli/commands/transcribe';
import { writeWav } from '../../fixtures/wav-writer';
import { loadMono16k } from './stereo-call';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cr-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sink(): Writable & { text: string } {
  const w = new Writable({
    write(chunk: Buffer, _enc, done) {
      w.text += chunk.toString();
      done();
    },
  }) as Writable & { text: string };
  w.text = '';
  return w;
}

async function run(command: CliCommand, argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = sink();
  const stderr = sink();
  const code = await command.run({ args: parseArgs(argv, new Set(['json'])), io: { stdout, stderr }, dbPath: join(dir, 'unused.db') });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('transcribe command', () => {
  it('prints the documented JSON for a recording with a sidecar', async () => {
    const audio = join(dir, 'c1.wav');
    await writeWav(audio, 8000, [new Float32Array(8000)]);
    await writeFile(join(dir, 'c1.transcript.json'), JSON.stringify({ segments: [{ speaker: 'agent', start: 0, end: 1, text: 'hi', words: [] }] }));
    const { code, stdout } = await run(transcribeCommand, [audio, '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ engine: 'sidecar', model: 'supplied', duration_s: 1, segments: [{ speaker: 'agent', start: 0, end: 1, text: 'hi' }] });
  });

  it('runs the embedded engine and prints timed, speaker-labelled lines', async () => {
    const audio = join(dir, 'c2.wav');
    await writeWav(audio, 16_000, [await loadMono16k('customer-speech.opus')]);
    const { code, stdout } = await run(transcribeCommand, [audio, '--models-dir', join(dir, 'models')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^embedded \/ pocketsphinx .*, 4\.5 s \(low accuracy: embedded engine\)\n/);
    expect(stdout).toMatch(/\n\[00:0\d\.\d-00:0\d\.\d\] speaker: \S+/);
  }, 300_000);

  it('reports an undecodable file and exits 1', async () => {
    const audio = join(dir, 'bad.mp3');
    await writeFile(audio, 'nope'.repeat(100));
    const { code, stderr } = await run(transcribeCommand, [audio, '--json']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: cannot decode: file is not a valid MP3 (no frame sync found)\n');
  });

  it('rejects an unknown engine as a usage error', async () => {
    const audio = join(dir, 'c1.wav');
    await expect(run(transcribeCommand, [audio, '--engine', 'nope'])).rejects.toThrow(/unknown engine "nope"/);
  });
});

describe('models command', () => {
  it('lists, imports (refusing a wrong archive), and removes models', async () => {
    const modelsDir = join(dir, 'models');
    const listed = await run(modelsCommand, ['list', '--models-dir', modelsDir]);
    expect(listed.stdout).toContain('  whisper-base.en');
    expect(listed.stdout).toContain('parakeet-tdt-0.6b-v2');

    const fixture = join(import.meta.dirname, '..', '..', 'unit', 'transcription', 'fixtures', 'fake-model.tar.bz2');
    const wrong = await run(modelsCommand, ['import', 'whisper-tiny.en', fixture, '--models-dir', modelsDir]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('does not hold the whisper-tiny.en model: tiny.en-encoder.int8.onnx is missing');

    const folder = join(dir, 'tiny');
    await mkdir(folder, { recursive: true });
    for (const f of ['tiny.en-encoder.int8.onnx', 'tiny.en-decoder.int8.onnx', 'tiny.en-tokens.txt']) await writeFile(join(folder, f), 'x');
    const imported = await run(modelsCommand, ['import', 'whisper-tiny.en', folder, '--models-dir', modelsDir]);
    expect(imported).toMatchObject({ code: 0, stdout: `imported whisper-tiny.en into ${join(modelsDir, 'whisper-tiny.en')}\n` });
    const json = JSON.parse((await run(modelsCommand, ['list', '--json', '--models-dir', modelsDir])).stdout) as { id: string; installed: boolean }[];
    expect(json.find((m) => m.id === 'whisper-tiny.en')?.installed).toBe(true);
    expect((await run(modelsCommand, ['remove', 'whisper-tiny.en', '--models-dir', modelsDir])).stdout).toBe('removed whisper-tiny.en\n');
    const unknown = await run(modelsCommand, ['install', 'whisper-huge', '--models-dir', modelsDir]);
    expect(unknown.stderr).toMatch(/unknown model "whisper-huge"/);
  });
});
