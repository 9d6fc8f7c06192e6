import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Transcript } from '../../../shared/transcript';
import { createTranscriber, ENGINE_NAMES, TranscriptionError } from '../../transcription/index';
import { flagString } from '../args';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError, type CliCommand, type CliIO } from '../command';

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${String(m).padStart(2, '0')}:${(seconds - m * 60).toFixed(1).padStart(4, '0')}`;
}

export function transcriptJson(t: Transcript): object {
  return {
    engine: t.engine,
    model: t.model,
    duration_s: t.durationS,
    segments: t.segments.map((s) => ({ speaker: s.speaker, start: s.start, end: s.end, text: s.text })),
  };
}

function printText(io: CliIO, t: Transcript, lowAccuracy: boolean): void {
  const note = t.source === 'sidecar' ? ' (from the sidecar transcript)' : lowAccuracy ? ' (low accuracy: embedded engine)' : '';
  io.stdout.write(`${t.engine} / ${t.model}, ${t.durationS.toFixed(1)} s${note}\n`);
  if (t.segments.length === 0) io.stdout.write('(no speech)\n');
  for (const s of t.segments) io.stdout.write(`[${clock(s.start)}-${clock(s.end)}] ${s.speaker}: ${s.text}\n`);
}

export const transcribeCommand: CliCommand = {
  name: 'transcribe',
  usage: 'transcribe <audio-file> [--engine NAME] [--json] [--models-dir PATH]',
  summary: `transcribe one recording (engines: ${ENGINE_NAMES.join(', ')}; default embedded)`,
  async run({ args, io }) {
    const file = args.positionals[0];
    if (!file) throw new UsageError('transcribe needs an audio file: transcribe <audio-file>');
    const filePath = resolve(file);
    if (!existsSync(filePath)) throw new UsageError(`no such file: ${filePath}`);
    const json = args.flags.get('json') === true;
    let transcriber;
    try {
      transcriber = createTranscriber({ engine: flagString(args, 'engine'), modelsDir: flagString(args, 'models-dir') });
    } catch (error) {
      if (error instanceof TranscriptionError && error.code === 'engine-unavailable') throw new UsageError(error.message);
      throw error;
    }
    const showProgress = io.stdout.isTTY === true && !json;
    try {
      const transcript = await transcriber.transcribe({
        filePath,
        onProgress: showProgress ? (f) => io.stderr.write(`\rtranscribing ${Math.round(f * 100)}%`) : undefined,
      });
      if (showProgress) io.stderr.write('\n');
      if (json) io.stdout.write(JSON.stringify(transcriptJson(transcript), null, 2) + '\n');
      else printText(io, transcript, transcriber.lowAccuracy);
      return EXIT_OK;
    } catch (error) {
      if (!(error instanceof TranscriptionError)) throw error;
      io.stderr.write(`error: ${error.message}\n`);
      return EXIT_ITEMS_FAILED;
    } finally {
      await transcriber.close();
    }
  },
};
