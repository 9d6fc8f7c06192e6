import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyseCall } from '../../electron/analysis/analyse-call';
import { turnSentiment } from '../../electron/analysis/sentiment';
import { DEFAULT_LEAD_RUBRIC, DEFAULT_QA_RUBRIC } from '../../electron/scoring/default-rubrics';
import { parseCsv } from '../../electron/csv/parse-csv';
import { evaluate } from '../../electron/scoring/model/cross-validate';
import type { RawValue } from '../../electron/scoring/model/dataset';
import { rocAuc } from '../../electron/scoring/model/metrics';
import { scoreCallFeatures } from '../../electron/scoring/score-call';
import type { CallFeatures } from '../../shared/scoring/call-features';
import type { Transcript } from '../../shared/transcript';
import { sharedDir } from '../fixtures/shared-dir';

const DATA = sharedDir('data');

/** VADER's sign against human labels on real review sentences; the baseline is the 50% of guessing one class. */
function sentimentAccuracy(): void {
  for (const name of ['amazon', 'imdb', 'yelp']) {
    const path = resolve(DATA, `uci-sentiment-labelled-sentences/${name}.json`);
    if (!existsSync(path)) return void console.log(`skipped sentiment check: ${path} not found`);
    const rows = (JSON.parse(readFileSync(path, 'utf8')) as Array<{ text: string; class: number | null }>).filter((r) => r.class !== null);
    let right = 0;
    for (const r of rows) if ((turnSentiment(r.text) >= 0.05 ? 1 : 0) === r.class) right++;
    const auc = rocAuc(rows.map((r) => turnSentiment(r.text)), rows.map((r) => r.class ?? 0));
    console.log(`VADER on UCI ${name} sentences (${rows.length}): accuracy ${(right / rows.length).toFixed(3)} (majority baseline 0.500), AUC ${auc.toFixed(3)}`);
  }
}

/** Typed chats get times from word counts (about 2.5 words a second) so talk metrics have something to measure. */
function chatTranscript(turns: Array<[speaker: string, text: string]>): Transcript {
  let t = 0;
  const segments = turns.map(([speaker, text]) => {
    const start = t;
    t += Math.max(1, text.split(/\s+/).length) / 2.5;
    return { speaker, start, end: t, text };
  });
  return { engine: 'chat', model: 'none', engineVersion: '0', source: 'import', language: 'en', durationS: t, segments };
}

const NO_CALL = { durationS: null, startedAt: null, direction: null, fromNumber: null, toNumber: null, agent: null, campaign: null };
const NO_LEAD = { priorCalls: 0, leadSource: null, attributes: {} };

/** The features a model gets from one analysed conversation (no labels, no annotations). */
function featureRow(f: CallFeatures): Record<string, RawValue> {
  const row: Record<string, RawValue> = {
    duration: f.durationS,
    turns: f.conversation.turns,
    agent_talk: f.conversation.agentTalkRatio,
    longest_monologue: f.conversation.longestMonologueS,
    questions_agent: f.conversation.questionsAgent,
    questions_customer: f.conversation.questionsCustomer,
    sentiment_customer: f.sentiment.customer,
    sentiment_agent: f.sentiment.agent,
    sentiment_shift: f.sentiment.shift,
    lead_score: scoreCallFeatures(f, DEFAULT_LEAD_RUBRIC).score,
    qa_score: scoreCallFeatures(f, DEFAULT_QA_RUBRIC).score,
  };
  for (const id of ['pricing_asked', 'not_interested', 'objection', 'callback_requested', 'competitor_mentioned']) {
    row[`intent_${id}`] = f.intents.find((i) => i.id === id)?.count ?? 0;
  }
  return row;
}

function cv(name: string, rows: Array<Record<string, RawValue>>, y: number[], folds: number): void {
  const columns = Object.keys(rows[0] ?? {});
  const { report } = evaluate({ columns, values: columns.map((c) => rows.map((r) => r[c] ?? null)), rows: rows.length }, Uint8Array.from(y), { folds });
  console.log(
    `${name}: ${folds}-fold CV AUC ${report.auc.toFixed(3)} (gbdt ${report.aucByAlgorithm.gbdt.toFixed(3)}, logistic ${report.aucByAlgorithm.logistic.toFixed(3)}) ` +
      `on ${report.rows} conversations, ${report.positives} positive — chance is 0.5`,
  );
}

/** PersuasionForGood: does what was said in the chat predict the real donation afterwards? */
function persuasion(): void {
  const dir = resolve(DATA, 'persuasion-for-good-annotated300');
  if (!existsSync(dir)) return void console.log('skipped PersuasionForGood: not found');
  const dialog = parseCsv(readFileSync(resolve(dir, 'annotated_300_dialog.csv')));
  const info = parseCsv(readFileSync(resolve(dir, 'annotated_300_info.csv')));
  const col = (t: { header: string[] }, name: string): number => t.header.indexOf(name);
  const donated = new Map<string, number>();
  for (const r of info.rows) if (r[col(info, 'B4')] === '1') donated.set(r[col(info, 'B2')] ?? '', Number(r[col(info, 'B6')]) > 0 ? 1 : 0);
  const chats = new Map<string, Array<[string, string]>>();
  for (const r of dialog.rows) {
    const id = r[col(dialog, 'B2')] ?? '';
    const turns = chats.get(id) ?? [];
    turns.push([r[col(dialog, 'B4')] === '0' ? 'agent' : 'customer', r[col(dialog, 'Unit')] ?? '']);
    chats.set(id, turns);
  }
  const rows: Array<Record<string, RawValue>> = [];
  const y: number[] = [];
  const t0 = performance.now();
  for (const [id, turns] of chats) {
    const label = donated.get(id);
    if (label === undefined) continue;
    rows.push(featureRow(analyseCall({ transcript: chatTranscript(turns), call: NO_CALL, lead: NO_LEAD })));
    y.push(label);
  }
  console.log(`analysed ${rows.length} PersuasionForGood chats in ${(performance.now() - t0).toFixed(0)} ms`);
  cv('PersuasionForGood: chat features -> persuadee donated (B6 > 0)', rows, y, 5);
}

/** AnnoMI: do the QA-style features separate high- from low-quality counselling sessions? */
function annomi(): void {
  const path = resolve(DATA, 'annomi/AnnoMI-simple.csv');
  if (!existsSync(path)) return void console.log('skipped AnnoMI: not found');
  const t = parseCsv(readFileSync(path));
  const c = (n: string): number => t.header.indexOf(n);
  const sessions = new Map<string, { quality: number; turns: Array<[string, string]> }>();
  for (const r of t.rows) {
    const id = r[c('transcript_id')] ?? '';
    const s = sessions.get(id) ?? { quality: r[c('mi_quality')] === 'high' ? 1 : 0, turns: [] };
    s.turns.push([r[c('interlocutor')] === 'therapist' ? 'agent' : 'customer', r[c('utterance_text')] ?? '']);
    sessions.set(id, s);
  }
  const rows: Array<Record<string, RawValue>> = [];
  const y: number[] = [];
  const qa: number[] = [];
  for (const s of sessions.values()) {
    const f = analyseCall({ transcript: chatTranscript(s.turns), call: NO_CALL, lead: NO_LEAD });
    const row = featureRow(f);
    rows.push(row);
    qa.push(row.qa_score as number);
    y.push(s.quality);
  }
  console.log(`AnnoMI: default QA score alone vs expert high/low MI quality: AUC ${rocAuc(qa, y).toFixed(3)} on ${y.length} sessions (${y.filter((v) => v === 0).length} low)`);
  cv('AnnoMI: conversation features -> high MI quality', rows, y, 5);
}

export function runRealDataChecks(): void {
  sentimentAccuracy();
  persuasion();
  annomi();
}
