import { isAbsolute, relative } from 'node:path';

/**
 * Whether `path` is `folder` or lies beneath it. Both should be resolved (absolute, links
 * followed) first: this compares names only. A name like `..x` inside the folder stays inside.
 */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith('../') && !rel.startsWith('..\\'));
}
