import type { Api } from '../../shared/api/contract';
import { rubricVersionSchema } from '../../shared/api/calibration';
import type { CoreContext } from '../core/context';
import { ApiError } from '../core/dispatch';
import { calibrate } from './calibrate';
import { activeRubric } from '../scoring/rubric-store';
import { suggestWeights } from './suggest-weights';
import { saveRubricAndRescore } from './save-rubric';
import { parseRubric, type Rubric } from '../../shared/scoring/rubric';

type CalibrationApi = Pick<Api, 'listRubrics' | 'getRubricVersion' | 'calibrate' | 'suggestWeights' | 'saveRubric'>;

export function calibrationHandlers(ctx: CoreContext): CalibrationApi {
  return {
    async listRubrics({ kind }) {
      const active = activeRubric(ctx.db, kind);
      const rows = ctx.db
        .prepare('SELECT rubric_id, version, name, active, created_at, created_by FROM rubrics WHERE kind = ? ORDER BY version DESC')
        .all(kind) as { rubric_id: number; version: number; name: string; active: number; created_at: string; created_by: string | null }[];
      return { versions: rows.map((r) => rubricVersionSchema.parse({ ...r, active: r.active === 1 })), active: active.rubric };
    },
    async getRubricVersion({ rubricId }) {
      const row = ctx.db.prepare('SELECT definition FROM rubrics WHERE rubric_id = ?').get(rubricId) as { definition: string } | undefined;
      if (!row) throw new ApiError(404, `no rubric ${rubricId}`);
      return { definition: JSON.parse(row.definition) as unknown };
    },
    async calibrate({ kind, whatIf }) {
      return calibrate(ctx.db, kind, whatIf);
    },
    async suggestWeights({ kind }) {
      return suggestWeights(ctx.db, kind);
    },
    async saveRubric({ kind, definition, by }) {
      let rubric: Rubric;
      try {
        rubric = parseRubric(definition);
      } catch (err) {
        throw new ApiError(400, `the rubric is not valid: ${(err as Error).message}`);
      }
      if (rubric.kind !== kind) throw new ApiError(400, `expected a ${kind} rubric, got ${rubric.kind}`);
      const { stored, calls, background } = saveRubricAndRescore(ctx, rubric, by ?? 'supervisor');
      return { rubricId: stored.rubricId, version: stored.version, calls, background };
    },
  };
}
