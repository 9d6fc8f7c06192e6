import { useSyncExternalStore } from 'react';
import type { ApiEvent } from '../../../shared/api/contract';
import { onApiEvent } from '../api/client';

export type RescoreEvent = Extract<ApiEvent, { type: 'rescore' }>;

/**
 * The latest background re-score event, kept for the whole app: a view opened in the middle of a
 * re-score shows it from the next progress step, not only the view that saved the rubric.
 */
let latest: RescoreEvent | null = null;
const listeners = new Set<() => void>();
let subscribed = false;

function subscribe(listener: () => void): () => void {
  if (!subscribed) {
    subscribed = true;
    onApiEvent((e) => {
      if (e.type !== 'rescore') return;
      latest = e;
      listeners.forEach((l) => l());
    });
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useRescoreProgress(): RescoreEvent | null {
  return useSyncExternalStore(subscribe, () => latest);
}
