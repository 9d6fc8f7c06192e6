/**
 * The app page's content security policy: its own files only, plus the first screen's two inline
 * scripts (by hash) when the page has them. `media` names where recordings play from besides the
 * page's own origin (the desktop window's callrank-audio: protocol). One policy for serve and the
 * desktop window, so neither drifts looser than the other. No other page may frame the app: a page
 * of another port is the same site, its frame would carry the app's cookie, and a click on it
 * would be the user's (frame-ancestors; X-Frame-Options is not needed by current browsers).
 */
export function pageCsp(scriptSource = '', media = ''): string {
  return (
    `default-src 'self'; script-src 'self'${scriptSource ? ` ${scriptSource}` : ''}; ` +
    `style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; ` +
    `media-src 'self'${media ? ` ${media}` : ''} blob:; connect-src 'self'; frame-ancestors 'none'`
  );
}
