import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCsv, type CsvTable } from '../../../electron/csv/parse-csv';
import { BACKGROUND_SENTENCES, BUILT_IN_TRACKER_DEFINITIONS } from '../../../electron/trackers/train-tracker-set';
import { sharedDir } from '../../fixtures/shared-dir';

/**
 * Everyday sentences nobody on this project wrote and no tracker trains on, for estimating how often
 * the trackers fire on talk they have never seen (unseen-false-alarms.ts). From ../shared/data:
 * BANKING77's test file (the background took its train file) without its fee, charge and exchange
 * categories (those ask prices); PersuasionForGood without refusal, hesitation and ask-amount acts
 * (those say "not interested" or ask a price); UCI review sentences; AnnoMI counselling turns (kept
 * apart: a counsellor's "is it okay if we talk about..." is a permission question in earnest).
 * 3-25 words, none equal to a training sentence, every k-th of what is left so each source gives at
 * most PER_SOURCE, the same each run.
 */
export interface EverydaySentence {
  source: 'banking77' | 'persuasionforgood' | 'uci-reviews' | 'annomi';
  text: string;
  speaker: 'agent' | 'customer';
}

const PER_SOURCE = 1000;
const DATA = sharedDir('data');

const col = (t: CsvTable, name: string): number => t.header.indexOf(name);
const table = (path: string): CsvTable => parseCsv(readFileSync(resolve(DATA, path)));

function everyKth<T>(xs: readonly T[], n: number): T[] {
  if (xs.length <= n) return [...xs];
  const step = xs.length / n;
  return Array.from({ length: n }, (_, i) => xs[Math.floor(i * step)]!);
}

export function everydaySentences(): EverydaySentence[] {
  const trained = new Set(
    [...BACKGROUND_SENTENCES, ...BUILT_IN_TRACKER_DEFINITIONS.flatMap((d) => [...d.examples, ...d.notThis])].map((s) => s.toLowerCase()),
  );
  const usable = (text: string): boolean => {
    const words = text.split(/\s+/).length;
    return words >= 3 && words <= 25 && !/https?:|www\.|@|\d{5,}/.test(text) && !trained.has(text.toLowerCase());
  };
  const out: EverydaySentence[] = [];
  const add = (source: EverydaySentence['source'], rows: Array<Omit<EverydaySentence, 'source'>>): void => {
    const seen = new Set<string>();
    const kept = rows
      .map((r) => ({ ...r, text: r.text.replace(/\s+/g, ' ').trim() }))
      .filter((r) => usable(r.text) && !seen.has(r.text.toLowerCase()) && seen.add(r.text.toLowerCase()));
    out.push(...everyKth(kept, PER_SOURCE).map((r) => ({ source, ...r })));
  };

  const banking = table('banking77/test.csv');
  add(
    'banking77',
    banking.rows
      .filter((r) => !/fee|charge|exchange/.test(r[col(banking, 'category')] ?? ''))
      .map((r) => ({ text: r[col(banking, 'text')] ?? '', speaker: 'customer' as const })),
  );

  const persuasion = table('persuasion-for-good-annotated300/annotated_300_dialog.csv');
  const leftOut = new Set([
    'negative-reaction-to-donation', 'disagree-donation', 'disagree-donation-more', 'neutral-reaction-to-donation',
    'ask-donation-amount', 'ask-donate-more',
  ]);
  add(
    'persuasionforgood',
    persuasion.rows
      .filter((r) => !['er_label_1', 'ee_label_1', 'er_label_2', 'ee_label_2'].some((c) => leftOut.has(r[col(persuasion, c)] ?? '')))
      .map((r) => ({ text: r[col(persuasion, 'Unit')] ?? '', speaker: r[col(persuasion, 'B4')] === '0' ? ('agent' as const) : ('customer' as const) })),
  );

  const reviews = ['amazon', 'yelp', 'imdb'].flatMap((name) =>
    (JSON.parse(readFileSync(resolve(DATA, 'uci-sentiment-labelled-sentences', `${name}.json`), 'utf8')) as Array<{ text: string }>).map((r) => r.text),
  );
  add('uci-reviews', reviews.map((text) => ({ text, speaker: 'customer' as const })));

  const annomi = table('annomi/AnnoMI-simple.csv');
  add(
    'annomi',
    annomi.rows.map((r) => ({
      text: r[col(annomi, 'utterance_text')] ?? '',
      speaker: r[col(annomi, 'interlocutor')] === 'therapist' ? ('agent' as const) : ('customer' as const),
    })),
  );
  return out;
}
