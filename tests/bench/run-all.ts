import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { runIngestBench } from './ingest';

/** Runs every benchmark present; each prints its own figures beside a baseline from the same run. */
const optional: { file: string; fn: string }[] = [
  { file: 'scoring.ts', fn: 'runScoringBench' },
  { file: 'transcription.ts', fn: 'runTranscriptionBench' },
  { file: 'ui.ts', fn: 'runUiBench' },
  { file: 'trackers.ts', fn: 'runTrackersBench' },
  { file: 'topics.ts', fn: 'runTopicsBench' },
  { file: 'redaction.ts', fn: 'runRedactionBench' },
  { file: 'team-trackers.ts', fn: 'runTeamTrackersBench' },
  { file: 'trackers-engine.ts', fn: 'runTrackersEngineBench' },
  { file: 'embedded-reset.ts', fn: 'runEmbeddedResetBench' },
];

async function main(): Promise<void> {
  const only = process.argv[2];
  if (!only || only === 'ingest') {
    console.log('\n=== ingest and queue ===');
    await runIngestBench();
  }
  for (const b of optional) {
    const name = b.file.replace(/\.ts$/, '');
    if (only && only !== name) continue;
    const path = resolve(import.meta.dirname, b.file);
    if (!existsSync(path)) continue;
    console.log(`\n=== ${name} ===`);
    const mod = (await import(path)) as Record<string, () => Promise<void>>;
    const run = mod[b.fn];
    if (!run) throw new Error(`${b.file} does not export ${b.fn}`);
    await run();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
