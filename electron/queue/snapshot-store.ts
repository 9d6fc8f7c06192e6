import type { Db } from '../db/open';
import { activeBands } from '../scoring/active-bands';
import { indexStamp } from './snapshot';
import { rankedSnapshot, type Snapshot } from './snapshot-build';
import { readStoredIndex, writeStoredIndex } from './stored-index';

/** Least time between two writes of the stored index while data keeps changing. */
const STORE_EVERY_MS = 10_000;

/**
 * Where a QueueView keeps its snapshot between runs (the file format is stored-index.ts's), and
 * how often it writes it: what is kept and when, apart from how the view answers.
 */
export class SnapshotStore {
  private lastStoredAt = -Infinity;
  private later: ReturnType<typeof setTimeout> | null = null;
  /** The data a load found no usable file for: asked again before a build stores one, it is not read again. */
  private missedAt: string | null = null;

  constructor(
    private readonly db: Db,
    readonly path: string,
  ) {}

  /**
   * The snapshot stored at the database's current data version, ranked now: about 0.1 s instead
   * of a build. Null when it is missing or stale; a damaged one is reported.
   */
  load(): Snapshot | null {
    const stamp = indexStamp(this.db);
    if (!stamp) return null;
    const at = JSON.stringify(stamp);
    if (this.missedAt === at) return null;
    const got = readStoredIndex(this.path, stamp);
    if (typeof got === 'string') {
      this.missedAt = at;
      if (got === 'damaged') console.warn(`queue index at ${this.path} is damaged: rebuilding it from the database`);
      if (got === 'other-format')
        console.warn(`queue index at ${this.path} was stored by another version of CallRank: rebuilding it from the database`);
      return null;
    }
    const s = rankedSnapshot(stamp.key, Date.now(), activeBands(this.db, 'lead'), got.cols);
    s.text = got.text;
    s.stored = true;
    return s;
  }

  /**
   * Writes a complete snapshot (text loaded, data unchanged since it was read) if it is still the
   * view's latest, at most every STORE_EVERY_MS unless `now`; a write that has to wait takes the
   * latest snapshot when it comes due. Best effort: a read-only folder or a full disk only costs
   * the next start its build.
   */
  save(s: Snapshot, latest: () => Snapshot | null, now = false): void {
    if (s.stored || latest() !== s || !s.text.name || !s.text.campaign || !s.text.agent) return;
    const wait = this.lastStoredAt + STORE_EVERY_MS - Date.now();
    if (wait > 0 && !now) {
      this.later ??= setTimeout(() => {
        this.later = null;
        const next = latest();
        if (next) this.save(next, latest);
      }, wait);
      this.later.unref?.();
      return;
    }
    if (this.later) clearTimeout(this.later);
    this.later = null;
    const stamp = indexStamp(this.db);
    if (!stamp || stamp.key !== s.key || stamp.leads !== s.cols.n) return;
    if (s.cols.n && s.cols.rowid[s.cols.n - 1] !== stamp.lastRowid) return;
    const text = { name: s.text.name, campaign: s.text.campaign, agent: s.text.agent };
    this.lastStoredAt = Date.now();
    try {
      writeStoredIndex(this.path, { stamp, cols: s.cols, text });
      s.stored = true;
      this.missedAt = null;
    } catch (err) {
      console.warn(`queue index not stored at ${this.path}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
