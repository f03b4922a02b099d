/**
 * The session page's test hooks: with `?test=1` in the URL the page exposes `window.__scrubin`,
 * a view of its simulation and of what it hears from the others.
 */
import type { Page } from 'playwright-core';

/** `window.__scrubin` of a session page opened with `?test=1`. */
export interface ScrubinTestHooks {
  /** The local World's tick. */
  tick: number;
  /** The last sequenced event applied. */
  seq: number;
  /** Surface (band 0) distance constraints cut so far in the local World. */
  severedSurfaceEdges: number;
  /** The tool each other participant holds, by user id, from the cursor batches. */
  remoteTools: Record<string, string>;
  /** The session's status: idle, active, paused or completed. */
  status: string;
  /** On the review screen: the play head and the replayed World. */
  review?: {
    tick: number;
    simTick: number;
    endTick: number;
    playing: boolean;
    severedSurfaceEdges: number;
    moments: number;
    analysed: boolean;
  };
}

declare global {
  interface Window {
    __scrubin?: ScrubinTestHooks;
  }
}

/** A copy of the page's hooks, or null while the page does not expose them. */
export function readHooks(page: Page): Promise<ScrubinTestHooks | null> {
  return page.evaluate(() => {
    const hooks = window.__scrubin;
    if (!hooks) return null;
    return {
      tick: hooks.tick,
      seq: hooks.seq,
      severedSurfaceEdges: hooks.severedSurfaceEdges,
      remoteTools: { ...hooks.remoteTools },
      status: hooks.status,
    };
  });
}

/** Waits until the page exposes `window.__scrubin`. */
export async function waitForHooks(page: Page, timeout = 60_000): Promise<void> {
  await page.waitForFunction(() => window.__scrubin !== undefined, undefined, { timeout });
}

/** Waits until the page's simulation has the given status. */
export async function waitForStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.waitForFunction((s) => window.__scrubin?.status === s, status, {
    timeout,
    polling: 100,
  });
}
