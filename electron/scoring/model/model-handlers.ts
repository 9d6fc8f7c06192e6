import type { Api } from '../../../shared/api/contract';
import type { ModelVersion } from '../../../shared/api/models';
import type { CoreContext } from '../../core/context';
import { ApiError } from '../../core/dispatch';
import { GATE_RULE } from './gate';
import { modelEvents, modelHistory, rollbackModel, type StoredModel } from './model-store';
import { conversionPhrases } from './phrase-report';
import { leadPredictionHistory } from './prediction-store';

type ModelApi = Pick<Api, 'listModelVersions' | 'rollbackModel' | 'leadPredictionHistory' | 'getConversionPhrases'>;

/** JSON turns a NaN figure into null; the contract says so too. */
const orNull = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function version(m: Omit<StoredModel, 'model'>): ModelVersion {
  const r = m.metrics;
  return {
    modelId: m.modelId,
    trainedAt: m.trainedAt,
    trigger: m.trigger,
    trainedBy: m.trainedBy,
    outcomes: m.rows,
    converted: m.positives,
    algorithm: m.algorithm,
    readsWords: r.stacked === true,
    auc: orNull(r.auc),
    parts: (r.parts ?? []).map((p) => ({ part: p.part, auc: orNull(p.auc) })),
    liftByDecile: r.liftByDecile ?? [],
    reliability: r.reliability ?? [],
    brier: orNull(r.brier),
    topFeatures: r.topFeatures ?? [],
    status: m.active ? 'active' : m.activatedAt ? 'was_live' : 'refused',
    reason: m.decisionReason,
    gate: m.gate
      ? {
          ...m.gate,
          candidateAuc: orNull(m.gate.candidateAuc),
          candidateLowerBound: orNull(m.gate.candidateLowerBound),
          rubricAuc: orNull(m.gate.rubricAuc),
          active: m.gate.active ? { ...m.gate.active, auc: orNull(m.gate.active.auc) } : null,
        }
      : null,
    activatedAt: m.activatedAt,
  };
}

export function modelHandlers(ctx: CoreContext): ModelApi {
  return {
    async listModelVersions() {
      const versions = modelHistory(ctx.db).map(version);
      const active = versions.find((v) => v.status === 'active') ?? null;
      return { basis: active ? 'model' : 'rubric', activeModelId: active?.modelId ?? null, rule: GATE_RULE, versions, events: modelEvents(ctx.db) };
    },
    async rollbackModel({ modelId, by, reason }) {
      let result;
      try {
        result = rollbackModel(ctx.db, modelId, by ?? 'supervisor', reason);
      } catch (err) {
        const message = (err as Error).message;
        throw new ApiError(/there is no model/.test(message) ? 404 : /who asked/.test(message) ? 400 : 409, message);
      }
      ctx.events.emit('event', { type: 'data-changed', tables: ['leads', 'lead_predictions', 'conversion_models'] });
      return result;
    },
    async leadPredictionHistory({ leadId }) {
      if (!ctx.db.prepare('SELECT 1 FROM leads WHERE lead_id = ?').get(leadId)) throw new ApiError(404, `no lead ${leadId}`);
      return { leadId, entries: leadPredictionHistory(ctx.db, leadId) };
    },
    async getConversionPhrases({ limit }) {
      return conversionPhrases(ctx.db, limit ?? 15);
    },
  };
}
