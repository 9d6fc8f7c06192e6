/**
 * The trackers learnt English; on a call the engine heard in another language any match would be
 * a coincidence of shared words ("no", "me"), so such calls are not matched.
 */
export function trackersUnderstand(language: string): boolean {
  return /^en\b/i.test(language);
}
