import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../electron/db/open';
import { activeBands } from '../../../electron/scoring/active-bands';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../../electron/scoring/default-rubrics';
import { ensureDefaultRubrics } from '../../../electron/scoring/rubric-store';

describe('activeBands', () => {
  it('gives the shipped bands before any rubric is stored, then the active version’s own', () => {
    const db = openDatabase(':memory:');
    db.exec('DELETE FROM rubrics');
    expect(activeBands(db, 'lead')).toEqual(DEFAULT_LEAD_RUBRIC.bands);
    expect(activeBands(db, 'qa')).toEqual(DEFAULT_QA_RUBRIC.bands);
    ensureDefaultRubrics(db);
    db.prepare(`UPDATE rubrics SET definition = json_set(definition, '$.bands', json('{"hot":85,"warm":55}')) WHERE kind = 'lead' AND active = 1`).run();
    expect(activeBands(db, 'lead')).toEqual({ hot: 85, warm: 55 });
    expect(activeBands(db, 'qa')).toEqual(DEFAULT_QA_RUBRIC.bands);
    db.close();
  });
});
