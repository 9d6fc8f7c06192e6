import type { z } from 'zod';

/** One API method: what it takes and what it answers, both checked at the boundary. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  summary: string;
  /** The largest request body the HTTP transport reads for this method (default: the server's). */
  maxInputBytes?: number;
}

export function method<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
  options: { maxInputBytes?: number } = {},
): MethodSpec<I, O> {
  return { input, output, summary, ...options };
}
