/**
 * What every browser test file sets up the same way: the app server and one Chromium for the
 * whole file, and, when a step fails, what each page reported and a screenshot of it.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, onTestFailed } from 'vitest';
import {
  clearFailureScreenshots,
  formatLogs,
  launchChromium,
  saveScreenshot,
  type LaunchOptions,
  type Participant,
} from './browser.js';
import { startAppServer, type AppServer } from './server.js';

/** The file's server and browser, set once its `beforeAll` ran. */
export interface BrowserSuite {
  readonly app: AppServer;
  readonly browser: Browser;
}

/** Starts the server and Chromium before the file's tests and stops them after. */
export function useBrowserSuite(options: LaunchOptions = {}): BrowserSuite {
  const suite = {} as { app: AppServer; browser: Browser };
  beforeAll(async () => {
    await clearFailureScreenshots();
    suite.app = await startAppServer();
    suite.browser = await launchChromium(options);
  }, 900_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.app?.close();
  });
  return suite;
}

/**
 * If the running test fails: logs what each page reported and saves a screenshot of each as
 * `failed-<suite>-<step>-<label>.png`.
 */
export function reportFailure(
  suite: string,
  step: string,
  participants: () => readonly Participant[],
): void {
  onTestFailed(async () => {
    const pages = participants();
    console.error(`[${suite}] ${step} failed; what the pages reported:\n${formatLogs(pages)}`);
    for (const p of pages) {
      await saveScreenshot(p.page, `failed-${suite}-${step}-${p.label}`).catch(() => undefined);
    }
  });
}
