import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Api } from '../../shared/api/contract';
import { FIRST_SCREEN_DATA_ID, type FirstScreenModule } from '../../shared/first-screen';

/**
 * The page with the queue's first screen already in it. Opening the queue used to draw nothing
 * until the app's code had loaded, run and rendered; here the server renders the ranked rows with
 * the renderer's own components (renderer/src/first-screen/) and the page's code takes that HTML
 * over instead of drawing it again. Only for a request that carries a token the server accepts:
 * the rows are the team's data.
 */

/** Where a build keeps the module: its main folder, beside the renderer folder it serves. */
export function firstScreenModulePath(staticDir: string): string {
  return join(staticDir, '..', 'main', 'first-screen.js');
}

/** The built module, or null when there is none (the sources were never built). */
export async function loadFirstScreenModule(path: string): Promise<FirstScreenModule | null> {
  if (!existsSync(path)) return null;
  const loaded = (await import(pathToFileURL(path).href)) as { firstScreen?: FirstScreenModule };
  if (!loaded.firstScreen) throw new Error(`${path} has no firstScreen export: rebuild with \`npm run build\``);
  return loaded.firstScreen;
}

/**
 * The first screen for the renderer built in `staticDir`, loaded in the background: null when the
 * build has no module, or when it would not load (`failed` is told why; the page then draws the
 * queue itself).
 */
export function firstScreenFor(staticDir: string, api: Api, failed: (message: string) => void): Promise<FirstScreen | null> {
  return loadFirstScreenModule(firstScreenModulePath(staticDir)).then(
    (module) => (module ? new FirstScreen(module, api) : null),
    (err: unknown) => {
      failed((err as Error).message ?? String(err));
      return null;
    },
  );
}

export interface FirstScreenPage {
  html: string;
  /** The CSP sources ('sha256-…') of the page's two inline scripts: its policy allows no other. */
  scriptSource: string;
}

/** The page's JSON for a <script> element: no "<" in it, so no "</script>" or "<!--" can end or change it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** Puts the script before the head's first script or stylesheet, so it waits for neither. */
function withHeadScript(index: string, script: string): string | null {
  const head = index.indexOf('<head>');
  const end = index.indexOf('</head>');
  if (head < 0 || end < 0) return null;
  const firstLoad = index.slice(head, end).search(/<script|<link/);
  const at = firstLoad < 0 ? end : head + firstLoad;
  return `${index.slice(0, at)}<script>${script}</script>${index.slice(at)}`;
}

const EMPTY_ROOT = '<div id="root"></div>';
const APP_SCRIPT = /<script type="module"( crossorigin)? src="([^"]+)"><\/script>/;

/**
 * Starts the app's code once the frame with the first screen has been drawn. As a module script
 * it ran as soon as the HTML was parsed, and its 100-odd ms of work (then React's, taking the
 * HTML over) came before the first frame; now the browser loads and compiles it meanwhile
 * (modulepreload) and runs it after. A hidden page draws no frames, so it starts at once there,
 * and at the latest after a second. The mark lets the benchmark say when it started.
 */
const START_SCRIPT = `(function () {
  var started = false, app = document.querySelector('link[data-callrank-app]');
  function start() { if (!started) { started = true; performance.mark('callrank-start'); import(app.href); } }
  if (document.visibilityState === 'hidden') start();
  else requestAnimationFrame(function () { setTimeout(start, 0); });
  setTimeout(start, 1000);
})();`;

const cspHash = (script: string): string => `'sha256-${createHash('sha256').update(script).digest('base64')}'`;

export class FirstScreen {
  private readonly scriptSource: string;

  constructor(
    private readonly module: FirstScreenModule,
    private readonly api: Api,
  ) {
    this.scriptSource = `${cspHash(module.headScript)} ${cspHash(START_SCRIPT)}`;
  }

  /**
   * `index` (the built index.html) with the first screen in it, rendered from the queue as it is
   * now; null if this index.html has no empty #root to put it in.
   */
  async page(index: string): Promise<FirstScreenPage | null> {
    if (!index.includes(EMPTY_ROOT) || !APP_SCRIPT.test(index)) return null;
    const withScript = withHeadScript(
      index.replace(APP_SCRIPT, (_, crossorigin: string | undefined, src: string) => `<link rel="modulepreload"${crossorigin ?? ''} href="${src}" data-callrank-app>`),
      this.module.headScript,
    );
    if (!withScript) return null;
    const data = { page: await this.api.queueWindow(this.module.query), now: Date.now() };
    const app = this.module.render(data);
    const root = `<div id="root">${app}</div><script type="application/json" id="${FIRST_SCREEN_DATA_ID}">${scriptJson(data)}</script><script>${START_SCRIPT}</script>`;
    return { html: withScript.replace(EMPTY_ROOT, () => root), scriptSource: this.scriptSource };
  }
}

/** The built index.html, read again only when it changes (a rebuild while serve runs). */
export class IndexFile {
  private cached: { mtimeMs: number; text: string } | null = null;

  constructor(private readonly path: string) {}

  async read(): Promise<string | null> {
    const info = await stat(this.path).catch(() => null);
    if (!info) return null;
    if (this.cached?.mtimeMs !== info.mtimeMs) this.cached = { mtimeMs: info.mtimeMs, text: await readFile(this.path, 'utf8') };
    return this.cached.text;
  }
}

/**
 * The app's page as serve and the desktop window send it: with the queue's first screen when a
 * renderer module is there and renders, else the reason it went out without (`off`, `not built`,
 * `failed: …`), for the response to say.
 */
export class AppPage {
  private readonly index: IndexFile;

  constructor(
    staticDir: string,
    private readonly firstScreen: Promise<FirstScreen | null> | undefined,
  ) {
    this.index = new IndexFile(join(staticDir, 'index.html'));
  }

  async render(): Promise<FirstScreenPage | string> {
    if (!this.firstScreen) return 'off';
    const renderer = await this.firstScreen;
    if (!renderer) return 'not built';
    const html = await this.index.read();
    if (html === null) return 'no index.html';
    try {
      return (await renderer.page(html)) ?? 'index.html has no empty #root';
    } catch (err) {
      // The page then draws the queue itself, as it does without a first screen.
      return `failed: ${(err as Error).message ?? String(err)}`.replace(/[^\x20-\x7e]/g, '?').slice(0, 200);
    }
  }

  /**
   * Once, for nothing, as the app starts: the first page a fresh server put together took 40-100
   * ms (cold code, the index file, the first window) against 15-30 ms for the next ones. A failure
   * is left for the first real page to meet and report.
   */
  warmUp(): void {
    this.render().catch(() => {});
  }
}
