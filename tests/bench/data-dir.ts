import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The shared real data sets (`shared/data` beside the checkout): the nearest such folder up from
 * here, so a benchmark finds them from the main checkout and from a worktree nested deeper.
 */
export function sharedDataDir(): string {
  let dir = resolve(import.meta.dirname, '../..');
  for (;;) {
    const candidate = resolve(dir, 'shared/data');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) return resolve(import.meta.dirname, '../../../shared/data');
    dir = up;
  }
}
