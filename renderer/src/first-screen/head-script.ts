import { OTHER_VIEWS } from '../lib/router';

/**
 * Runs in <head> of a page that `serve` rendered the queue into, before the first frame: the app's
 * own code comes only after that frame. It sets the theme as applyTheme (lib/prefs.ts) does, from
 * the same per-device setting the server cannot see, and hides the rendered queue when the URL's
 * hash names another view, so neither a light flash nor the wrong view is ever drawn. Plain ES5 in
 * a string: the server puts it in the page as it is and allows it by its hash (CSP).
 */
export const HEAD_SCRIPT = `(function () {
  var root = document.documentElement, theme = 'system';
  try { theme = localStorage.getItem('callrank.theme') || 'system'; } catch (e) {}
  root.dataset.theme = theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches) ? 'dark' : 'light';
  var view = decodeURIComponent(location.hash.replace(/^#\\/?/, '').split('/')[0]);
  if (${JSON.stringify(OTHER_VIEWS)}.indexOf(view) >= 0) root.dataset.firstScreen = 'hidden';
})();`;
