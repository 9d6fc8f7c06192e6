import type { CallFeatures, Evidence, Turn } from '../../shared/scoring/call-features';
import { attributeKey } from '../../shared/scoring/feature-path';

interface KeyColumn {
  codes: Int32Array;
  dict: Map<string, number>;
  raw: Array<string | number | boolean>;
}

/** Sub-trees that are text or evidence, not scalar features. */
const SKIP = new Set(['turns', 'keywords', 'keyphrases', 'evidence']);

/**
 * Stored features of many calls held column-wise (typed arrays), so a rubric edit re-scores every
 * call in a few passes over flat memory instead of walking 100k object graphs.
 */
export class CompactFeatureSet {
  readonly n: number;
  readonly hasTranscript: Uint8Array;
  readonly turns: Turn[][];
  private readonly numeric = new Map<string, Float64Array>();
  private readonly keys = new Map<string, KeyColumn>();
  private readonly evidence = new Map<string, Array<Evidence[] | undefined>>();
  private readonly phraseHits = new Map<string, Int32Array>();

  constructor(features: readonly CallFeatures[]) {
    this.n = features.length;
    this.hasTranscript = new Uint8Array(this.n);
    this.turns = new Array<Turn[]>(this.n);
    features.forEach((f, i) => this.add(f, i));
  }

  private add(f: CallFeatures, i: number): void {
    this.hasTranscript[i] = f.hasTranscript ? 1 : 0;
    this.turns[i] = f.turns;
    this.walk(f, '', i);
    for (const hit of f.intents) this.evidenceColumn(hit.id)[i] = hit.evidence;
    for (const check of f.script) {
      if (check.found) this.evidenceColumn(check.id)[i] = check.evidence ? [check.evidence] : [];
    }
    this.walkKeys(f.caller, '', i);
  }

  private walk(node: unknown, prefix: string, i: number): void {
    if (Array.isArray(node)) {
      for (const el of node) {
        const id = typeof el === 'object' && el !== null ? (el as { id?: unknown }).id : undefined;
        if (typeof id === 'string') this.walk(el, `${prefix}${id}.`, i);
      }
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (SKIP.has(k)) continue;
      if (typeof v === 'number') this.numericColumn(prefix + k)[i] = Number.isFinite(v) ? v : NaN;
      else if (typeof v === 'boolean') this.numericColumn(prefix + k)[i] = v ? 1 : 0;
      else if (typeof v === 'object' && v !== null) this.walk(v, `${prefix}${k}.`, i);
    }
  }

  private walkKeys(node: Record<string, unknown>, prefix: string, i: number): void {
    for (const [k, v] of Object.entries(node)) {
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        this.walkKeys(v as Record<string, unknown>, `${prefix}${k}.`, i);
        continue;
      }
      const key = attributeKey(v);
      if (key === null || (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean')) continue;
      const col = this.keyColumn(prefix + k);
      let code = col.dict.get(key);
      if (code === undefined) {
        code = col.raw.length;
        col.dict.set(key, code);
        col.raw.push(v);
      }
      col.codes[i] = code;
    }
  }

  private numericColumn(path: string): Float64Array {
    let col = this.numeric.get(path);
    if (!col) {
      col = new Float64Array(this.n).fill(NaN);
      this.numeric.set(path, col);
    }
    return col;
  }

  private keyColumn(path: string): KeyColumn {
    let col = this.keys.get(path);
    if (!col) {
      col = { codes: new Int32Array(this.n).fill(-1), dict: new Map(), raw: [] };
      this.keys.set(path, col);
    }
    return col;
  }

  private evidenceColumn(id: string): Array<Evidence[] | undefined> {
    let col = this.evidence.get(id);
    if (!col) {
      col = new Array<Evidence[] | undefined>(this.n);
      this.evidence.set(id, col);
    }
    return col;
  }

  /** NaN where the call has no such feature. */
  numbers(path: string): Float64Array | undefined {
    return this.numeric.get(path);
  }

  /** Codes of the caller attribute (-1 = missing) and the codes whose key is one of `targets`. */
  keyCodes(attribute: string, targets: readonly string[]): { codes: Int32Array; wanted: Set<number>; wantedMask: Uint8Array } | undefined {
    const col = this.keys.get(attribute);
    if (!col) return undefined;
    const wanted = new Set<number>();
    // Index by code + 1 so the missing code -1 reads slot 0, which is never wanted.
    const wantedMask = new Uint8Array(col.raw.length + 1);
    for (const t of targets) {
      const code = col.dict.get(t);
      if (code !== undefined) {
        wanted.add(code);
        wantedMask[code + 1] = 1;
      }
    }
    return { codes: col.codes, wanted, wantedMask };
  }

  rawKey(attribute: string, i: number): string | number | boolean | null {
    const col = this.keys.get(attribute);
    const code = col?.codes[i] ?? -1;
    return code >= 0 ? (col?.raw[code] ?? null) : null;
  }

  intentEvidence(id: string, i: number): Evidence[] | undefined {
    return this.evidence.get(id)?.[i];
  }

  private readonly presence = new Map<string, Uint8Array>();

  /** 1 where the intent (or script statement) was detected; cached, since every rubric edit reads it again. */
  intentPresence(id: string): Uint8Array {
    let p = this.presence.get(id);
    if (!p) {
      p = new Uint8Array(this.n);
      const col = this.evidence.get(id);
      if (col) for (let i = 0; i < this.n; i++) p[i] = col[i] !== undefined ? 1 : 0;
      this.presence.set(id, p);
    }
    return p;
  }

  /** Index of the first turn that says one of the phrases, -1 for none; cached so weight edits skip the text scan. */
  phraseHitsFor(cacheKey: string, compute: (turns: Turn[]) => number): Int32Array {
    let hits = this.phraseHits.get(cacheKey);
    if (!hits) {
      hits = new Int32Array(this.n);
      for (let i = 0; i < this.n; i++) hits[i] = compute(this.turns[i] ?? []);
      this.phraseHits.set(cacheKey, hits);
    }
    return hits;
  }
}
