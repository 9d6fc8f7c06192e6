import { BAND_CODE, OUTCOME_CODE } from './lead-columns';
import { codeOf, type CodedText, type TextColumn } from './lead-text';
import type { WindowQuery } from './queue-window';
import type { Snapshot } from './snapshot-build';

/**
 * The rows of `order` (a sort order of the snapshot) that pass the query's filters (status, band,
 * campaign, agent) and contain `needle` in their search words, in that order. Filters compare the
 * text columns' codes, not strings.
 */
export function filterOrder(s: Snapshot, order: Int32Array, q: WindowQuery, needle: string): Int32Array {
  const c = s.cols;
  const wantOutcome =
    q.status === 'open' ? 0 : q.status === 'all' ? -1 : (OUTCOME_CODE[q.status] as number);
  const band = q.band ? BAND_CODE[q.band] : 0;
  // -1 (no such value) matches no row: NaN and codes are never -1.
  const coded = (
    column: TextColumn,
    value: string | undefined,
  ): { codes: Float64Array; code: number } | null => {
    const text = s.text[column] as CodedText;
    return value === undefined ? null : { codes: text.codes, code: codeOf(text, value) };
  };
  const campaign = coded('campaign', q.campaign);
  const agent = coded('agent', q.agent);
  const haystack = s.haystack;
  const keep = new Int32Array(order.length);
  let n = 0;
  for (const i of order) {
    if (wantOutcome >= 0 && c.outcome[i] !== wantOutcome) continue;
    if (band && c.band[i] !== band) continue;
    if (campaign && campaign.codes[i] !== campaign.code) continue;
    if (agent && agent.codes[i] !== agent.code) continue;
    if (needle && !(haystack?.[i] ?? '').includes(needle)) continue;
    keep[n++] = i;
  }
  return keep.slice(0, n);
}
