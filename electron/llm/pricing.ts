/**
 * USD per million tokens (input, output), from OpenAI's published price list at the time of
 * writing. Unknown models are costed at the most expensive listed rate so a cost shown is never
 * an under-estimate; the table is data, to be updated when prices change.
 */
const PRICES: Record<string, { input: number; output: number }> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-2024-08-06': { input: 2.5, output: 10 },
  'gpt-4o-2024-11-20': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o-mini-2024-07-18': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
};
const FALLBACK = { input: 10, output: 30 };

export function costUsd(model: string, promptTokens: number, completionTokens: number): number {
  const p = PRICES[model] ?? FALLBACK;
  return (promptTokens * p.input + completionTokens * p.output) / 1_000_000;
}
