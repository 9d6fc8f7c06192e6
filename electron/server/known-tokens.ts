import { createHash } from 'node:crypto';
import { chmodSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** How many earlier starts' tokens still let their pages in, and for how long. */
export const KEPT_TOKENS = 30;
export const KEPT_TOKEN_DAYS = 30;

/** Where `serve` remembers the tokens it handed out for a database: beside it. */
export function knownTokensPath(dbPath: string): string {
  return `${dbPath}.serve-tokens`;
}

interface FileShape {
  v: 1;
  /** SHA-256 of each token (never the token: the file must not open the API to whoever reads it). */
  tokens: { sha256: string; issued: string }[];
}

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

function parse(text: string): FileShape['tokens'] {
  const f = JSON.parse(text) as Partial<FileShape>;
  if (f.v !== 1 || !Array.isArray(f.tokens)) throw new Error('not a token list');
  return f.tokens.filter(
    (t) =>
      typeof t?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(t.sha256) && !Number.isNaN(Date.parse(t.issued)),
  );
}

/**
 * The tokens of earlier `serve` starts: a new token is printed at every start, and a page opened
 * with an earlier one (its cookie, a bookmarked address) keeps working rather than failing with
 * "wrong token" after each restart. Only hashes are kept, readable by the owner alone.
 */
export class KnownTokens {
  private constructor(
    private readonly path: string,
    private entries: FileShape['tokens'],
  ) {}

  /** Reads the list; a missing file is an empty list, a damaged one is started again with a note. */
  static open(path: string, nowMs = Date.now()): { known: KnownTokens; note?: string } {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { known: new KnownTokens(path, []) };
      return {
        known: new KnownTokens(path, []),
        note: `could not read ${path} (${(err as Error).message}): pages opened before this start must be opened again from the printed address`,
      };
    }
    try {
      const oldest = nowMs - KEPT_TOKEN_DAYS * 86_400_000;
      return {
        known: new KnownTokens(
          path,
          parse(text).filter((t) => Date.parse(t.issued) >= oldest),
        ),
      };
    } catch {
      return {
        known: new KnownTokens(path, []),
        note: `${path} was damaged and is started again: pages opened before this start must be opened again from the printed address`,
      };
    }
  }

  /** Remembers this start's token (written at once); a note when it cannot be written. */
  issue(token: string, nowMs = Date.now()): string | undefined {
    const mine = { sha256: digest(token), issued: new Date(nowMs).toISOString() };
    // Another serve of the same database may have added its token since this one read the list.
    const onDisk = KnownTokens.open(this.path, nowMs).known.entries;
    const seen = new Set([mine.sha256, ...this.entries.map((t) => t.sha256)]);
    this.entries = [mine, ...this.entries, ...onDisk.filter((t) => !seen.has(t.sha256))]
      .sort((a, b) => Date.parse(b.issued) - Date.parse(a.issued))
      .slice(0, KEPT_TOKENS);
    const body: FileShape = { v: 1, tokens: this.entries };
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(body, null, 1)}\n`, { mode: 0o600 });
      // The mode above applies to a new file only; a leftover temporary file keeps its own.
      if (process.platform !== 'win32') chmodSync(tmp, 0o600);
      renameSync(tmp, this.path);
      return undefined;
    } catch (err) {
      return `could not write ${this.path} (${(err as Error).message}): after a restart this page must be opened again from the printed address`;
    }
  }

  /** True for the token of an earlier start still kept. */
  accepts(given: string): boolean {
    const hash = digest(given);
    return this.entries.some((t) => t.sha256 === hash);
  }
}
