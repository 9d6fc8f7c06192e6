import type { CallFeatures } from './call-features';

/** Arrays of {id} (intents, script checks) are addressed by id: "intents.pricing_asked.count". */
export function resolvePath(root: unknown, path: string): unknown {
  let cur: unknown = root;
  for (const seg of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) {
      cur = cur.find((el: unknown) => typeof el === 'object' && el !== null && (el as { id?: unknown }).id === seg);
    } else if (typeof cur === 'object') {
      cur = (cur as Record<string, unknown>)[seg];
    } else return undefined;
  }
  return cur;
}

/** A number for threshold criteria: booleans read as 1/0, anything else non-numeric as null. */
export function numericFeature(features: CallFeatures, path: string): number | null {
  const v = resolvePath(features, path);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return null;
}

/** Attribute values compare by this key, so "Yes", "yes" and true/"true" meet the rubric writer's intent. */
export function attributeKey(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v.trim().toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).toLowerCase();
  return null;
}
