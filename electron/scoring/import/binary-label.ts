/** converted-style values: 1/0, yes/no, true/false, won/lost (and y/n, converted/lost); null when unreadable. */
export function parseBinaryLabel(value: string): 0 | 1 | null {
  const v = value.trim().toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'won', 'win', 'converted', '1.0'].includes(v)) return 1;
  if (['0', 'no', 'n', 'false', 'f', 'lost', 'lose', 'not converted', '0.0'].includes(v)) return 0;
  return null;
}
