import { join } from 'node:path';
import { openDatabase, type Db } from '../../../electron/db/open';
import { tempDir } from '../../fixtures/temp';

/** The booking exchange both LLM tests put to the question; `agentLine` varies what the agent says. */
export function bookingTranscript(agentLine: string): object {
  return {
    engine: 'test', model: 'none', engineVersion: '1', source: 'sidecar', language: 'en', durationS: 20,
    segments: [
      { speaker: 'agent', start: 0, end: 4, text: agentLine },
      { speaker: 'customer', start: 5, end: 9, text: 'Yes, we decided to go ahead with the install.' },
    ],
  };
}

/** A real database file holding call C1 with `transcript`; its cleanups go into `cleanups`. */
export function dbWithTranscribedCall(prefix: string, transcript: object, cleanups: (() => void)[]): Db {
  const tmp = tempDir(prefix);
  const db = openDatabase(join(tmp.path, 'x.db'));
  cleanups.push(tmp.cleanup, () => void db.close());
  const now = new Date().toISOString();
  db.prepare('INSERT INTO calls (call_id, transcript, created_at, updated_at) VALUES (?, ?, ?, ?)').run('C1', JSON.stringify(transcript), now, now);
  return db;
}
