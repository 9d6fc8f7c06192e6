import type { Migration } from '../migration';

/**
 * Full-text search over transcripts ("every call that mentions a competitor"): an FTS5 index kept
 * in step with calls.transcript_text by triggers, so ingest and the pipeline need not know it exists.
 * External content (the text lives once, in calls); porter stemming so "price" finds "pricing".
 */
export const migration: Migration = {
  version: 40,
  name: 'transcript-search',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE transcript_fts USING fts5(
        transcript_text, content = 'calls', content_rowid = 'rowid', tokenize = 'porter unicode61'
      );
      CREATE TRIGGER transcript_fts_insert AFTER INSERT ON calls WHEN new.transcript_text IS NOT NULL BEGIN
        INSERT INTO transcript_fts(rowid, transcript_text) VALUES (new.rowid, new.transcript_text);
      END;
      CREATE TRIGGER transcript_fts_delete AFTER DELETE ON calls WHEN old.transcript_text IS NOT NULL BEGIN
        INSERT INTO transcript_fts(transcript_fts, rowid, transcript_text) VALUES ('delete', old.rowid, old.transcript_text);
      END;
      CREATE TRIGGER transcript_fts_update AFTER UPDATE OF transcript_text ON calls BEGIN
        INSERT INTO transcript_fts(transcript_fts, rowid, transcript_text)
          SELECT 'delete', old.rowid, old.transcript_text WHERE old.transcript_text IS NOT NULL;
        INSERT INTO transcript_fts(rowid, transcript_text)
          SELECT new.rowid, new.transcript_text WHERE new.transcript_text IS NOT NULL;
      END;
      INSERT INTO transcript_fts(transcript_fts) VALUES ('rebuild');
    `);
  },
};
