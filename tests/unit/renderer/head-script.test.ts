import { describe, expect, it } from 'vitest';
import { HEAD_SCRIPT } from '../../../renderer/src/first-screen/head-script';
import { parseRoute } from '../../../renderer/src/lib/router';

interface Run {
  theme?: string;
  firstScreen?: string;
}

/** Runs the head script as the page would, against a stand-in for the few browser objects it reads. */
function runHeadScript(hash: string, stored: string | null | Error, systemDark = false): Run {
  const dataset: Record<string, string> = {};
  const localStorage = {
    getItem: (key: string): string | null => {
      if (stored instanceof Error) throw stored;
      return key === 'callrank.theme' ? stored : null;
    },
  };
  const run = new Function('document', 'location', 'localStorage', 'matchMedia', HEAD_SCRIPT);
  run({ documentElement: { dataset } }, { hash }, localStorage, (q: string) => ({
    matches: systemDark && q === '(prefers-color-scheme: dark)',
  }));
  return dataset;
}

describe("the first screen's head script", () => {
  it('hides the queue for exactly the hashes the app opens another view for', () => {
    const hashes = ['', '#', '#/', '#/queue', '#/review', '#/review/L1/C1', '#/calibration', '#/reports', '#/jobs', '#/settings', '#/nope', '#reports', '#/Reports'];
    for (const hash of hashes) {
      const hidden = runHeadScript(hash, null).firstScreen === 'hidden';
      expect({ hash, hidden }).toEqual({ hash, hidden: parseRoute(hash).view !== 'queue' });
    }
  });

  it('sets the theme as the app does: the stored choice, else the system one, also when storage is off', () => {
    expect(runHeadScript('', 'dark').theme).toBe('dark');
    expect(runHeadScript('', 'light', true).theme).toBe('light');
    expect(runHeadScript('', null, true).theme).toBe('dark');
    expect(runHeadScript('', 'system', false).theme).toBe('light');
    expect(runHeadScript('', new Error('storage is disabled'), true).theme).toBe('dark');
  });
});
