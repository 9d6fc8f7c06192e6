import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Db } from '../db/open';
import type { PhoneRegion } from '../ingest/phone';
import { storedIndexPath } from '../queue/stored-index';
import { scheduleRetrain } from '../scoring/model/retrain-jobs';
import { eraseRecordingFiles } from './erase-files';
import { eraseRows } from './erase-rows';
import { findErasureSubject, type ErasureTarget } from './erasure-subject';
import { purgeFreedSpace } from './purge-freed-space';
import { takeReviewSetsHolding } from './review-set-exports';

export interface ErasureReport {
  erasureId: number;
  /** sha256(salt || id): what the audit log keeps instead of the person. */
  subjectHash: string;
  counts: Record<string, number>;
  recordingsDeleted: number;
  sidecarsDeleted: number;
  leftInPlace: { path: string; reason: string }[];
  /** Exported review sets that still hold the person's calls: files to delete by hand or re-export. */
  reviewSets: { path: string; exportedAt: string; calls: number }[];
  /** The conversion model had learnt from this lead: a retrain is queued (its job id). */
  retrainJobId: number | null;
  walTruncated: boolean;
}

export interface ErasureDeps {
  region: PhoneRegion;
  /** The queue's index was built with the person in it: told to rebuild (in-process or in its worker). */
  queueChanged?: () => void;
  now?: Date;
}

/**
 * Erases a person: their recordings and sidecars, every row (calls, transcripts, scores, reviews,
 * outcomes, predictions, training rows, CRM and sync records), the full-text index entries, the
 * queue index beside the database, and the bytes all of that leaves in the database file and its
 * WAL. The audit log keeps a salted hash of the id and the counts, nothing that names anyone.
 */
export function eraseLead(db: Db, target: ErasureTarget, deps: ErasureDeps): ErasureReport {
  const subject = findErasureSubject(db, target, deps.region);
  const now = (deps.now ?? new Date()).toISOString();
  // Files first: should the rows fail to go, a second erasure still finds the person and finishes.
  const files = eraseRecordingFiles(db, subject.recordingPaths);
  const salt = randomBytes(16).toString('hex');
  const subjectHash = createHash('sha256').update(salt).update(subject.key).digest('hex');
  const { counts, reviewSets, retrainJobId, erasureId } = db.transaction(() => {
    const trainedOn = subject.leadId
      ? (db.prepare('SELECT COUNT(*) FROM model_validation WHERE lead_id = ?').pluck().get(subject.leadId) as number)
      : 0;
    const rows = eraseRows(db, subject);
    const sets = takeReviewSetsHolding(db, subject.callIds);
    const c = { ...rows, recordings: files.recordings, sidecars: files.sidecars, reviewSetsListed: sets.length };
    const id = Number(
      db
        .prepare(`INSERT INTO erasure_log (subject_hash, salt, counts, erased_at) VALUES (?, ?, ?, ?)`)
        .run(subjectHash, salt, JSON.stringify(c), now).lastInsertRowid,
    );
    // Queued retrains name the outcomes that asked for them ("L1 open → converted"): no longer.
    if (subject.leadId) db.prepare(`UPDATE model_jobs SET cause = 'a lead was erased' WHERE instr(cause, ?) > 0`).run(subject.leadId);
    // The models that learnt from the lead: the next model is trained without them, through the
    // one retrain queue every outcome uses.
    // A retrain runs only when outcomes changed since the newest model (by outcome id), and an
    // erasure removes outcomes without adding one: the models are marked as no longer matching.
    if (trainedOn > 0) db.prepare('UPDATE conversion_models SET last_outcome_id = NULL').run();
    const retrain = trainedOn > 0 ? scheduleRetrain(db, 'a lead was erased', Date.parse(now)) : null;
    return { counts: c, reviewSets: sets, retrainJobId: retrain, erasureId: id };
  })();
  // The stored queue index holds names as text: gone now, rebuilt without the person.
  if (!db.memory) rmSync(storedIndexPath(db.name), { force: true });
  deps.queueChanged?.();
  const purge = db.memory ? { walTruncated: true } : purgeFreedSpace(db);
  return {
    erasureId,
    subjectHash,
    counts,
    recordingsDeleted: files.recordings,
    sidecarsDeleted: files.sidecars,
    leftInPlace: files.leftInPlace,
    reviewSets,
    retrainJobId,
    walTruncated: purge.walTruncated,
  };
}
