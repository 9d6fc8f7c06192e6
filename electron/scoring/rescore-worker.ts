// A re-score of every call takes seconds to tens of seconds at 100k calls (mostly writing the
// explanations). In a thread of its own, with its own connection, the process that serves the app
// keeps answering meanwhile.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/open';
import { rescoreAll } from './rescore-all';
import type { FromRescoreWorker, RescoreWorkerData } from './rescore-protocol';

const port = parentPort;
if (!port) throw new Error('rescore-worker must run in a worker thread');
const { dbPath, kinds } = workerData as RescoreWorkerData;
const reply = (message: FromRescoreWorker): void => port.postMessage(message);

try {
  const db = openDatabase(dbPath);
  try {
    reply({ done: rescoreAll(db, { kinds, onProgress: (done, total) => reply({ progress: { done, total } }) }) });
  } finally {
    db.close();
  }
} catch (err) {
  reply({ failed: err instanceof Error ? err.message : String(err) });
}
