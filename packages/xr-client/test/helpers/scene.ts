/**
 * The session page's test hooks: with `?test=1` in the URL the page exposes `window.__scrubin`,
 * a view of its simulation and of what it hears from the others.
 */
import type { Page } from 'playwright-core';
import type { ScrubinTestView } from '../../src/session/test-hook.js';

/** `window.__scrubin` of a session page opened with `?test=1`. */
export type ScrubinTestHooks = ScrubinTestView;

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
