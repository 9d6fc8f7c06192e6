import type { Rubric } from '../../../../shared/scoring/rubric';

/** What changed from one rubric version to another, in words a supervisor reads at a glance. */
export function rubricDiff(from: Rubric, to: Rubric): string[] {
  const out: string[] = [];
  if (from.bands.hot !== to.bands.hot || from.bands.warm !== to.bands.warm) {
    out.push(`bands hot ${from.bands.hot}→${to.bands.hot}, warm ${from.bands.warm}→${to.bands.warm}`);
  }
  if (from.qualifyThreshold !== to.qualifyThreshold) out.push(`qualify threshold ${from.qualifyThreshold}→${to.qualifyThreshold}`);
  const before = new Map(from.criteria.map((c) => [c.id, c]));
  const after = new Map(to.criteria.map((c) => [c.id, c]));
  for (const [id, c] of after) {
    const old = before.get(id);
    if (!old) out.push(`+ ${id} (${c.points} pts)`);
    else {
      if (old.weight !== c.weight) out.push(`${id}: weight ${old.weight}→${c.weight}`);
      if (old.points !== c.points) out.push(`${id}: points ${old.points}→${c.points}`);
      if (old.description !== c.description) out.push(`${id}: description changed`);
    }
  }
  for (const id of before.keys()) if (!after.has(id)) out.push(`− ${id}`);
  return out.length ? out : ['no changes'];
}
