import type { Db } from '../../db/open';
import { activeRubric as scoringActiveRubric, type StoredRubric } from '../../scoring/rubric-store';
import type { RubricKind } from '../../../shared/scoring/rubric';

export type { StoredRubric };
export { activeBands } from '../../scoring/active-bands';

/** The scoring module's active rubric (it writes the shipped defaults as version 1 when there is none). */
export function activeRubric(db: Db, kind: RubricKind): StoredRubric {
  const stored = scoringActiveRubric(db, kind);
  if (!stored) throw new Error(`no active ${kind} rubric`);
  return stored;
}
