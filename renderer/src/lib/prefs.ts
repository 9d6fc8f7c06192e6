import { useEffect, useState } from 'react';

/** Per-device preferences (theme, reviewer name) live in localStorage: they are not team data. */
export type Theme = 'light' | 'dark' | 'system';

export function readPref(key: string, fallback: string): string {
  try {
    return window.localStorage.getItem(`callrank.${key}`) ?? fallback;
  } catch {
    return fallback;
  }
}

export function usePref(key: string, fallback: string): [string, (v: string) => void] {
  const [value, setValue] = useState(() => readPref(key, fallback));
  useEffect(() => {
    try {
      window.localStorage.setItem(`callrank.${key}`, value);
    } catch {
      // Storage can be disabled; the preference then lasts for this page only.
    }
  }, [key, value]);
  return [value, setValue];
}

export function applyTheme(theme: string): void {
  const dark = theme === 'dark' || (theme === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
