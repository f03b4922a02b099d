/** A sentence for why the microphone could not be opened, from a `getUserMedia` failure. */
export function micErrorMessage(error: unknown): string {
  const name = error instanceof Error || error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone access was denied. Allow the microphone for this site in the browser, then join voice again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Connect one, then join voice again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be started: another application may be using it.';
    default:
      return `The microphone could not be opened${error instanceof Error && error.message ? `: ${error.message}` : '.'}`;
  }
}

/** Why voice cannot work in this browser at all, or null when it can. */
export function voiceUnsupportedReason(): string | null {
  if (typeof RTCPeerConnection === 'undefined')
    return 'This browser does not support voice (WebRTC).';
  if (!navigator.mediaDevices?.getUserMedia) {
    return 'Voice needs a secure page: open the session over https (or on localhost).';
  }
  return null;
}
