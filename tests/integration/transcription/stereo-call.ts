import { join } from 'node:path';
import { decodeTo16k } from '../../../electron/transcription/audio/decode-stream';
import { concat, writeWav } from '../../fixtures/wav-writer';

const FIXTURES = join(import.meta.dirname, '..', '..', 'unit', 'transcription', 'fixtures');

export async function loadMono16k(name: string): Promise<Float32Array> {
  const parts: Float32Array[] = [];
  for await (const block of decodeTo16k(join(FIXTURES, name))) parts.push(block[0] ?? new Float32Array(0));
  return concat(...parts);
}

/** A 14 s two-channel call: the agent speaks on the left from 0.5 s, the customer on the right from 8.5 s. */
export async function writeStereoCall(path: string): Promise<{ agentStart: number; agentEnd: number; customerStart: number; customerEnd: number }> {
  const agent = await loadMono16k('agent-speech.opus');
  const customer = await loadMono16k('customer-speech.opus');
  const rate = 16_000;
  const left = new Float32Array(14 * rate);
  const right = new Float32Array(14 * rate);
  left.set(agent, 0.5 * rate);
  right.set(customer, 8.5 * rate);
  await writeWav(path, rate, [left, right]);
  return { agentStart: 0.5, agentEnd: 0.5 + agent.length / rate, customerStart: 8.5, customerEnd: 8.5 + customer.length / rate };
}
