import type { SessionStatus, Tool } from '@scrubin/protocol';

/** What browser tests may read on `window.__scrubin` (only with `?test=1` in the URL). */
export interface ScrubinTestView {
  /** The local World's tick. */
  tick: number;
  /** `seq` of the last sequenced event delivered. */
  seq: number;
  /** Surface edges severed or torn in the local World. */
  severedSurfaceEdges: number;
  /** The tool each other participant holds. */
  remoteTools: Readonly<Record<string, Tool | null>>;
  status: SessionStatus;
}

/** Whether the page was opened for browser tests. */
export function testHookEnabled(): boolean {
  return new URLSearchParams(window.location.search).get('test') === '1';
}

let current: Readonly<ScrubinTestView> | undefined;
let installed = false;

/**
 * Publishes a read-only snapshot on `window.__scrubin` (replaced, never mutated, on each change).
 * Returns the function that takes it away.
 */
export function publishTestView(view: ScrubinTestView): () => void {
  current = Object.freeze({ ...view, remoteTools: Object.freeze({ ...view.remoteTools }) });
  if (!installed) {
    installed = true;
    Object.defineProperty(window, '__scrubin', {
      configurable: true,
      enumerable: false,
      get: () => current,
    });
  }
  return () => {
    current = undefined;
  };
}
