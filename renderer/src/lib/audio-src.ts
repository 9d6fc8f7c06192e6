/**
 * Where a call's recording plays from: in the desktop app the preload exists and main serves
 * callrank-audio://call/<id>; in a browser `serve` streams /api/calls/<id>/audio (with Range).
 */
export function audioSrc(callId: string): string {
  return window.callrank ? `callrank-audio://call/${encodeURIComponent(callId)}` : `/api/calls/${encodeURIComponent(callId)}/audio`;
}
