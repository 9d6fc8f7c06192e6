import type { PullReport } from './pull';
import type { PushReport, PushLine } from './push';

/** A push's counts by outcome. */
export function pushCounts(report: PushReport): Record<PushLine['outcome'], number> {
  const count = (o: PushLine['outcome']): number => report.lines.filter((l) => l.outcome === o).length;
  return { planned: count('planned'), written: count('written'), failed: count('failed'), skipped: count('skipped') };
}

/** The push's outcome in one line, as the CLI prints it and Settings shows it. */
export function describePush(vendor: string, report: PushReport): string {
  const c = pushCounts(report);
  return report.dryRun
    ? `dry run for ${vendor}: ${c.planned} changes would be written, ${c.skipped} skipped (run ${report.runId})`
    : `pushed to ${vendor}: ${c.written} written, ${c.failed} failed, ${c.skipped} skipped (run ${report.runId})`;
}

/** What the pull did to the model, in words. */
export function describeRetrain(r: PullReport): string {
  if (!r.retrained && r.retrainJob !== null) return `model retrain queued (job ${r.retrainJob}, runs in the background)`;
  if (!r.retrained) return 'model not retrained (no new outcomes)';
  if (r.retrained.status === 'activated') return `model retrained (#${r.retrained.model.modelId} is live)`;
  if (r.retrained.status === 'refused') return `model retrained, candidate #${r.retrained.model.modelId} refused: ${r.retrained.reason}`;
  return `model not retrained: ${r.retrained.reason}`;
}

export function pullCounts(r: PullReport): { linked: number; read: number; statusChanges: number; outcomes: number; missing: number; failed: number } {
  return {
    linked: r.linked,
    read: r.read,
    statusChanges: r.lines.filter((l) => l.leadStatus.old !== l.leadStatus.new).length,
    outcomes: r.lines.filter((l) => l.outcome.recorded).length,
    missing: r.missing.length,
    failed: r.failed.length,
  };
}

/** The pull's outcome in one line. */
export function describePull(vendor: string, r: PullReport): string {
  const c = pullCounts(r);
  return `pulled from ${vendor}: ${c.linked} linked leads, ${c.read} read, ${c.statusChanges} status changes, ${c.outcomes} outcomes recorded, ${c.missing} missing, ${c.failed} failed; ${describeRetrain(r)}`;
}
