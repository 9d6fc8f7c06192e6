import { createHash } from 'node:crypto';

/** Ids derive from content so a re-ingest or another machine arrives at the same ones. */
export function callIdForHash(recordingHash: string): string {
  return 'C' + recordingHash.slice(0, 20);
}

export function leadIdForPhone(e164: string): string {
  return 'L' + createHash('sha256').update(e164).digest('hex').slice(0, 16);
}

export function leadIdForUnknownCaller(callId: string): string {
  return 'L-' + callId;
}
