// Training cross-validates several models: seconds on a few thousand outcomes. In a thread of its
// own, with its own connection, the process that serves the app keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../../db/open';
import { runDueRetrains } from './retrain-jobs';

const port = parentPort;
if (!port) throw new Error('retrain-worker must run in a worker thread');
const { dbPath, owner } = workerData as { dbPath: string; owner: string };

try {
  const db = openDatabase(dbPath);
  try {
    const { jobs } = runDueRetrains(db, owner);
    port.postMessage({ done: jobs.map((j) => j.jobId) });
  } finally {
    db.close();
  }
} catch (err) {
  port.postMessage({ failed: err instanceof Error ? err.message : String(err) });
}
