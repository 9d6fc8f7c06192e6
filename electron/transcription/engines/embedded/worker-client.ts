import { Worker } from 'node:worker_threads';
import { TranscriptionError } from '../../errors';
import type { FrameWord, FromWorker, PocketsphinxWorkerData } from './worker-protocol';

// From source (tsx, vitest) the worker is its .ts file; in the built app electron-vite emits it as
// pocketsphinx-worker.js beside the bundled main (a separate input in electron.vite.config.ts).
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './pocketsphinx-worker.ts' : './pocketsphinx-worker.js', import.meta.url);

/** Node 22.18+ strips types itself; older Node needs tsx's loader to run the worker's .ts source. */
function workerExecArgv(): string[] {
  const features = process.features as { typescript?: string | boolean };
  return !FROM_SOURCE || features.typescript ? [] : ['--import', 'tsx'];
}

interface Pending {
  resolve: (value: FrameWord[]) => void;
  reject: (error: Error) => void;
}

/** One pocketsphinx decoder in its own thread, so the synchronous wasm never blocks the caller's event loop. */
export class PocketsphinxWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | undefined;

  private constructor(
    private readonly worker: Worker,
    /** This decoder's just-built heap, to offer the next worker started with the same data. */
    readonly freshHeap: SharedArrayBuffer,
  ) {
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'result' || message.type === 'reset') {
        this.pending.get(message.id)?.resolve(message.type === 'result' ? message.words : []);
        this.pending.delete(message.id);
      } else if (message.type === 'error' && message.id !== null) {
        // A wasm abort leaves the instance unusable; any failure retires the worker.
        this.failure = new TranscriptionError('engine-failed', `embedded engine: ${message.message}`);
        this.pending.get(message.id)?.reject(this.failure);
        this.pending.delete(message.id);
      }
    });
    const failAll = (error: Error): void => {
      this.failure = error;
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    worker.on('error', (error) => failAll(new TranscriptionError('engine-failed', `embedded engine crashed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) => failAll(new TranscriptionError('engine-failed', `embedded engine stopped (exit ${code})`)));
  }

  static start(data: PocketsphinxWorkerData): Promise<PocketsphinxWorker> {
    const worker = new Worker(WORKER_URL, { workerData: data, execArgv: workerExecArgv() });
    return new Promise((resolve, reject) => {
      const onMessage = (message: FromWorker): void => {
        if (message.type === 'ready') {
          cleanup();
          resolve(new PocketsphinxWorker(worker, message.freshHeap));
        } else if (message.type === 'error') {
          cleanup();
          void worker.terminate();
          reject(new TranscriptionError('engine-unavailable', `embedded engine failed to start: ${message.message}`));
        }
      };
      const onError = (error: Error): void => {
        cleanup();
        reject(new TranscriptionError('engine-unavailable', `embedded engine failed to start: ${error.message}`, { cause: error }));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
    });
  }

  recognize(pcm: Int16Array): Promise<FrameWord[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'recognize', id, pcm }, [pcm.buffer as ArrayBuffer]);
    });
  }

  /** Back to the state the decoder had when it was built (see ResetMessage), at the cost of one heap copy. */
  async reset(): Promise<void> {
    if (this.failure) throw this.failure;
    const id = this.nextId++;
    await new Promise<FrameWord[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'reset', id });
    });
  }

  get healthy(): boolean {
    return this.failure === undefined;
  }

  async terminate(): Promise<void> {
    this.worker.removeAllListeners('exit');
    // A transcription still waiting on this worker must not hang when the engine is closed under it.
    this.failure ??= new TranscriptionError('aborted', 'embedded engine closed');
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    await this.worker.terminate();
  }
}
