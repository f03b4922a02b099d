/**
 * Debian's Chromium driven with playwright-core (Playwright's browser download does not work on
 * this machine): headless, WebGL through SwiftShader, one browser context per participant so
 * that each has its own localStorage (its own signed-in user).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL, CHROMIUM_PATH } from '../../../../scripts/chromium.js';
import { CLIENT_ROOT } from './build.js';

export { CHROMIUM_ARGS, CHROMIUM_INSTALL, CHROMIUM_PATH };

/** Screenshots for review (the folder is ignored by git). */
export const SCREENSHOT_DIR = join(CLIENT_ROOT, 'test-results', 'screenshots');

/**
 * Small enough for SwiftShader's software rendering of three scenes on two cores (the scene's
 * frame cost grows fast with the pixel count), wide enough (> 900 px) for the session view's
 * three-column layout that leaves the middle of the table free for the mouse.
 */
export const VIEWPORT = { width: 960, height: 600 };

/** Flags that give pages a fake microphone (a beeping tone), allowed without a prompt. */
export const FAKE_MEDIA_ARGS = [
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];

/** Options of {@link launchChromium}. */
export interface LaunchOptions {
  /** Fake microphone and camera, granted without asking, and autoplay allowed. @default false */
  fakeMedia?: boolean;
}

/** Launches headless Chromium; fails with the install command when it is missing. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the XR client's e2e tests run in it. ` +
        `Install it with: ${CHROMIUM_INSTALL}  (or run scripts/ensure-chromium.sh as root)`,
    );
  }
  const args = options.fakeMedia ? [...CHROMIUM_ARGS, ...FAKE_MEDIA_ARGS] : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}

/** One person at their own browser: a context (own storage) with one page. */
export interface Participant {
  /** Who this is in the test's messages, e.g. `host`. */
  label: string;
  context: BrowserContext;
  page: Page;
  /** Console errors and warnings, page errors and failed requests, oldest first. */
  logs: string[];
}

const MAX_LOG_LINES = 200;

/**
 * Opens a new context and page for one participant and records what goes wrong in it.
 * @param token Signed in as this user: the token is put in localStorage (`scrubin.token`)
 *   before the app's first load, as the app does after signing in.
 */
export async function openParticipant(
  browser: Browser,
  label: string,
  token?: string,
): Promise<Participant> {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  if (token) {
    // Only before the first load of this context: a later sign-out must stick.
    await context.addInitScript((value) => {
      if (sessionStorage.getItem('scrubin.e2e-token') === null) {
        localStorage.setItem('scrubin.token', value);
        sessionStorage.setItem('scrubin.e2e-token', '1');
      }
    }, token);
  }
  const page = await context.newPage();
  const logs: string[] = [];
  const log = (line: string) => {
    logs.push(line);
    if (logs.length > MAX_LOG_LINES) logs.shift();
  };
  page.on('console', (message) => {
    const type = message.type();
    if (type !== 'error' && type !== 'warning') return;
    const where = message.location().url;
    log(`console.${type}: ${message.text()}${where ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (error) => log(`pageerror: ${error.stack ?? error.message}`));
  page.on('requestfailed', (request) => {
    const failure = request.failure()?.errorText ?? 'failed';
    // Navigations away abort pending requests; that is not a problem of the page.
    if (failure !== 'net::ERR_ABORTED') log(`requestfailed: ${request.url()} ${failure}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) log(`HTTP ${response.status()}: ${response.url()}`);
  });
  return { label, context, page, logs };
}

/** What each participant's page reported, for a failure message. */
export function formatLogs(participants: readonly Participant[]): string {
  return participants
    .map((p) => `--- ${p.label} (${p.page.url()}):\n${p.logs.join('\n') || '(nothing)'}`)
    .join('\n');
}

/** Saves a PNG of the page's viewport under test-results/screenshots and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // A page rendering a scene in software may take a while to give a frame.
  await page.screenshot({ path, timeout: 120_000 });
  return path;
}

/** Removes the `failed-*.png` screenshots of an earlier run. */
export async function clearFailureScreenshots(): Promise<void> {
  const names = await readdir(SCREENSHOT_DIR).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith('failed-'))
      .map((name) => rm(join(SCREENSHOT_DIR, name), { force: true })),
  );
}

/** Resolves after the page rendered `count` more animation frames (never a fixed sleep). */
export function animationFrames(page: Page, count = 2): Promise<void> {
  // No named functions inside: tsx's keepNames would wrap them in a helper the page lacks.
  return page.evaluate(async (n) => {
    for (let k = 0; k < n; k++) await new Promise((resolve) => requestAnimationFrame(resolve));
  }, count);
}
