import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { load } from 'js-yaml';
import { expect } from 'vitest';
import { repoRoot } from '../../fixtures/cli';

interface Spec {
  paths: Record<string, Record<string, { responses: Record<string, { $ref?: string; content?: Record<string, unknown> }> }>>;
  components: { responses: Record<string, { content?: Record<string, unknown> }> };
}

const pointer = (...parts: string[]): string => parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/**
 * Checks live answers against docs/openapi.yaml: each (path template, method, status) must be
 * documented and its JSON body must validate against the documented schema (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses). Remembers which operations it saw, so a test can assert
 * that every documented operation was exercised.
 */
export class OpenApiResponses {
  readonly spec: Spec;
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  private readonly compiled = new Map<string, ValidateFunction>();
  readonly seen = new Set<string>();

  constructor(file = resolve(repoRoot, 'docs/openapi.yaml')) {
    this.spec = load(readFileSync(file, 'utf8')) as Spec;
    this.ajv.addSchema({ $id: 'openapi', paths: this.spec.paths, components: this.spec.components });
  }

  private validator(template: string, method: string, status: number): ValidateFunction {
    const key = `${method} ${template} ${status}`;
    const hit = this.compiled.get(key);
    if (hit) return hit;
    const response = this.spec.paths[template]?.[method]?.responses[String(status)];
    if (!response) throw new Error(`${key} is not documented in docs/openapi.yaml`);
    const at = response.$ref
      ? pointer('components', 'responses', response.$ref.split('/').at(-1) ?? '', 'content', 'application/json', 'schema')
      : pointer('paths', template, method, 'responses', String(status), 'content', 'application/json', 'schema');
    const v = this.ajv.compile({ $ref: `openapi#/${at}` });
    this.compiled.set(key, v);
    return v;
  }

  /** What is wrong with a body for this operation and status, as "instancePath message" lines; [] when it fits. */
  problems(template: string, method: string, status: number, body: unknown): string[] {
    const v = this.validator(template, method.toLowerCase(), status);
    return v(body) ? [] : (v.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }

  /** Validates one answer; returns its parsed body for the test's own checks. */
  async check<T = unknown>(template: string, method: string, res: Response): Promise<{ status: number; body: T }> {
    const body = (await res.json()) as T;
    expect({ template, method, status: res.status, problems: this.problems(template, method, res.status, body) }).toEqual({ template, method, status: res.status, problems: [] });
    this.seen.add(`${method.toLowerCase()} ${template}`);
    return { status: res.status, body };
  }

  documentedOperations(): string[] {
    return Object.entries(this.spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
  }
}
