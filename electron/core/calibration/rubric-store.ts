import type { Db } from '../../db/open';
import { activeRubric as scoringActiveRubric, type StoredRubric } from '../../scoring/rubric-store';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../scoring/default-rubrics';
import type { BandThresholds, RubricKind } from '../../../shared/scoring/rubric';

export type { StoredRubric };

/** The scoring module's active rubric (it writes the shipped defaults as version 1 when there is none). */
export function activeRubric(db: Db, kind: RubricKind): StoredRubric {
  const stored = scoringActiveRubric(db, kind);
  if (!stored) throw new Error(`no active ${kind} rubric`);
  return stored;
}

/** Band thresholds without parsing the whole rubric: the queue needs only these, and must not write. */
export function activeBands(db: Db, kind: RubricKind): BandThresholds {
  const row = db.prepare('SELECT definition FROM rubrics WHERE kind = ? AND active = 1').get(kind) as { definition: string } | undefined;
  if (!row) return (kind === 'lead' ? DEFAULT_LEAD_RUBRIC : DEFAULT_QA_RUBRIC).bands;
  const parsed = JSON.parse(row.definition) as { bands?: BandThresholds };
  return parsed.bands ?? { hot: 70, warm: 40 };
}
