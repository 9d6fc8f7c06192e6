import { describe, expect, it } from 'vitest';
import { priorityOf, priorityParts, priorityValue } from '../../../electron/queue/priority';

/** A small deterministic generator, so a failure names inputs that can be replayed. */
function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => (x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

describe('priorityValue', () => {
  it('is priorityOf(priorityParts(...)) to the last bit, over the whole range of inputs', () => {
    const rnd = lcg(42);
    const now = Date.parse('2026-11-22T10:00:00Z');
    const HOUR = 3_600_000;
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
    for (let k = 0; k < 50_000; k++) {
      const lead = {
        score: pick([null, 0, 100, Math.round(rnd() * 1000) / 10, rnd() * 100]),
        probability: pick([null, 0, 1, rnd()]),
        attempts: pick([0, 0, 1, 2, 5, 6, Math.floor(rnd() * 12)]),
        createdAtMs: pick([-Infinity, now, now + HOUR, now - rnd() * 90 * 24 * HOUR]),
        // Around every edge of the callback windows: -1 h, +1 h, +24 h.
        callbackAtMs: pick([
          null,
          now,
          now - HOUR,
          now + HOUR,
          now - 24 * HOUR,
          now - 24 * HOUR - 1,
          now + (rnd() - 0.5) * 72 * HOUR,
        ]),
      };
      const want = priorityOf(priorityParts(lead, now));
      const got = priorityValue(
        lead.score,
        lead.probability,
        lead.attempts,
        lead.createdAtMs,
        lead.callbackAtMs,
        now,
      );
      if (!Object.is(got, want)) expect({ lead, got }).toEqual({ lead, got: want });
    }
  });
});
