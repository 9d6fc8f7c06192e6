import type { Api } from '../../shared/api/contract';
import type { CoreContext } from '../core/context';
import { ApiError } from '../core/dispatch';
import { callDetail } from './call-detail';
import { leadDetail } from './lead-detail';
import { saveReview } from './manual-reviews';
import { overrideScore } from '../scoring/score-overrides';

type ReviewApi = Pick<Api, 'getLead' | 'getCall' | 'saveReview' | 'overrideScore'>;

export function reviewHandlers(ctx: CoreContext): ReviewApi {
  const exists = (callId: string): void => {
    if (!ctx.db.prepare('SELECT 1 FROM calls WHERE call_id = ?').get(callId)) throw new ApiError(404, `no call ${callId}`);
  };
  return {
    async getLead({ leadId }) {
      const lead = leadDetail(ctx.db, leadId);
      if (!lead) throw new ApiError(404, `no lead ${leadId}`);
      return lead;
    },
    async getCall({ callId }) {
      const call = callDetail(ctx.db, callId);
      if (!call) throw new ApiError(404, `no call ${callId}`);
      return call;
    },
    async saveReview(input) {
      exists(input.callId);
      const saved = saveReview(ctx.db, input);
      ctx.events.emit('event', { type: 'data-changed', tables: ['manual_reviews'] });
      return saved;
    },
    async overrideScore({ callId, kind, newScore, reason, by }) {
      exists(callId);
      const hasScore = ctx.db.prepare('SELECT 1 FROM scores WHERE call_id = ? AND kind = ?').get(callId, kind);
      if (!hasScore) throw new ApiError(409, `call ${callId} has no ${kind} score to override yet`);
      overrideScore(ctx.db, { callId, kind, newScore, reason, by });
      ctx.events.emit('event', { type: 'data-changed', tables: ['score_overrides', 'leads'] });
      return { ok: true };
    },
  };
}
