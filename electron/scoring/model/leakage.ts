import { binColumn, fitBins } from './bin-mapper';
import type { ColumnInfo, RawValue } from './dataset';
import { rocAuc } from './metrics';

export interface LeakageWarning {
  column: string;
  reason: string;
}

/** Names of fields that sales teams usually fill in after talking to the lead. */
const AFTER_CONTACT =
  /(status|stage|tag|quality|outcome|result|disposition|won|lost|closed|convert|revenue|deal|sale|reason|last.?(notable.?)?activity|duration|follow.?up|callback|profile)/i;
const ALONE_TOO_GOOD = 0.9;

/** Flags columns whose name suggests post-contact data, or that alone separate the classes suspiciously well. */
export function leakageWarnings(columns: ColumnInfo[], values: RawValue[][], y: Uint8Array): LeakageWarning[] {
  const warnings: LeakageWarning[] = [];
  columns.forEach((info, i) => {
    const col = values[i] ?? [];
    const bins = binColumn(fitBins(info, col), col);
    // Rank rows by their bin's conversion rate: the best any model of this one column could do (in-sample).
    const stats = new Map<number, [number, number]>();
    bins.forEach((b, r) => {
      const s = stats.get(b) ?? [0, 0];
      s[0] += y[r] as number;
      s[1] += 1;
      stats.set(b, s);
    });
    const scores = Array.from(bins, (b) => {
      const s = stats.get(b) ?? [0, 1];
      return s[0] / s[1];
    });
    const auc = rocAuc(scores, y);
    if (auc >= ALONE_TOO_GOOD) {
      warnings.push({ column: info.name, reason: `alone separates converted from lost with AUC ${auc.toFixed(3)}: check it is known before contact` });
    } else if (AFTER_CONTACT.test(info.name)) {
      warnings.push({ column: info.name, reason: `the name suggests it is filled in after contact (single-column AUC ${auc.toFixed(3)}); exclude it if so` });
    }
  });
  return warnings;
}
