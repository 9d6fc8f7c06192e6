import type Database from 'better-sqlite3';
import type { BandThresholds, RubricKind } from '../../shared/scoring/rubric';
import leadJson from '../../resources/rubrics/default-lead.json';
import qaJson from '../../resources/rubrics/default-qa.json';

/**
 * The active rubric's band thresholds without parsing the whole rubric: the queue needs only
 * these, must not write, and its worker thread starts faster without the rubric schema.
 */
export function activeBands(db: Database.Database, kind: RubricKind): BandThresholds {
  const row = db.prepare('SELECT definition FROM rubrics WHERE kind = ? AND active = 1').get(kind) as
    | { definition: string }
    | undefined;
  const definition = row ? (JSON.parse(row.definition) as { bands?: BandThresholds }) : kind === 'lead' ? leadJson : qaJson;
  return definition.bands ?? { hot: 70, warm: 40 };
}
