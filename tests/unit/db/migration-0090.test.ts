import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migration } from '../../../electron/db/migrations/0090-recording-folders';
import { recordingAccess } from '../../../electron/ingest/recording-folders';
import { dbAtVersion } from '../../fixtures/db-at-version';
import { tempDir } from '../../fixtures/temp';
import { writeWav } from '../../fixtures/wav';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const T = '2026-01-01T00:00:00Z';

describe('migration 0090 recording-folders', () => {
  it('knows the folders ingest took recordings from, so every stored call still plays, and nothing else', () => {
    const db = dbAtVersion(46, cleanups);
    const tmp = tempDir('cr-m90-files-');
    cleanups.push(tmp.cleanup);
    const rec = join(tmp.path, 'rec');
    const files = {
      top: join(rec, 'a.wav'),
      nested: join(rec, 'day-01', 'b.wav'),
      other: join(tmp.path, 'other', 'c.wav'),
      rejected: join(tmp.path, 'rejected', 'd.wav'),
    };
    for (const f of Object.values(files)) {
      mkdirSync(join(f, '..'), { recursive: true });
      writeWav(f, { seconds: 0.2, frequencies: [400 + f.length] });
    }
    const call = db.prepare(`INSERT INTO calls (call_id, recording_path, created_at, updated_at) VALUES (?, ?, ?, ?)`);
    const seen = db.prepare(`INSERT INTO recording_files (path, size, mtime_ms, hash, call_id, seen_at) VALUES (?, 1, 1, ?, ?, ?)`);
    for (const [i, f] of [files.top, files.nested, files.other].entries()) {
      call.run(`C${i}`, f, T, T);
      seen.run(f, `h${i}`, `C${i}`, T);
    }
    // Looked at and refused: never became a call, so its folder is not a recordings folder.
    seen.run(files.rejected, 'h9', null, T);
    call.run('C9', files.rejected, T, T);

    migration.up(db);
    migration.up(db);
    expect(db.prepare('SELECT path FROM recording_folders ORDER BY path').pluck().all()).toEqual([join(tmp.path, 'other'), rec]);
    for (const f of [files.top, files.nested, files.other]) expect(recordingAccess(db, f)).toMatchObject({ ok: true, path: f });
    expect(recordingAccess(db, files.rejected)).toMatchObject({ ok: false, status: 403 });
  });
});
