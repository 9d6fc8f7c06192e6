import { z } from 'zod';
import { apiContract, isApiMethod, type Api, type ApiMethod } from '../../shared/api/contract';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * The boundary both transports share: the method must exist, its input must parse, and the
 * handler's answer is checked against the contract before it leaves.
 */
export async function dispatch(api: Api, name: string, rawInput: unknown): Promise<unknown> {
  if (!isApiMethod(name)) throw new ApiError(404, `unknown API method: ${name}`);
  const spec = apiContract[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    throw new ApiError(400, `invalid input for ${name}: ${z.prettifyError(parsed.error)}`, parsed.error.issues);
  }
  const handler = api[name] as (input: unknown) => Promise<unknown>;
  const output = await handler(parsed.data);
  return spec.output.parse(output);
}

/** How large a request body the HTTP transport reads for a method: the contract's say, else undefined. */
export function maxInputBytes(name: string): number | undefined {
  return isApiMethod(name) ? apiContract[name].maxInputBytes : undefined;
}

export type { ApiMethod };
