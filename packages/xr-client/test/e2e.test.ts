/**
 * The XR client end to end in headless Chromium (Debian's, with SwiftShader WebGL) against the
 * real server in this process: a host registers and creates a session, one user joins by code and
 * another by share link, the host starts, one participant cuts the skin with the scalpel and the
 * others see the incision and the remote instrument, chat crosses, the host pauses, resumes and
 * stops, the score card appears, and the cutter opens the review from it. Screenshots for review
 * land in packages/xr-client/test-results/screenshots.
 *
 * The steps share one session and run in order; a step whose prerequisite failed is skipped
 * (with the reason) rather than failing twice.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it, type TestContext } from 'vitest';
import {
  animationFrames,
  openParticipant,
  saveScreenshot,
  type Participant,
} from './helpers/browser.js';
import { readHooks, waitForHooks, waitForStatus } from './helpers/scene.js';
import { withTestFlag } from './helpers/server.js';
import { reportFailure, useBrowserSuite } from './helpers/suite.js';
import {
  newUser,
  registerViaRest,
  registerViaUi,
  tid,
  tokenOf,
  userIdOf,
  type TestUser,
} from './helpers/users.js';
import { cutAlongMarkedLine } from './helpers/instrument.js';
import { createScrubinClient } from '@scrubin/sdk';

/** Waits of the UI: generous, SwiftShader renders three pages on two cores. */
const UI_TIMEOUT = 60_000;
const STEP_TIMEOUT = 300_000;
const SCENARIO = 'skin-incision';
const TITLE = 'E2E skin incision';

describe('the XR client in headless Chromium', () => {
  const suite = useBrowserSuite();
  const participants: Participant[] = [];

  // Filled in as the steps pass.
  let host: Participant | undefined;
  let byCode: Participant | undefined;
  let byLink: Participant | undefined;
  let hostUser: TestUser;
  let shared: { code: string; link: string; sessionId: string } | undefined;
  const ids: Record<string, string> = {};
  let hostInRoom = false;
  let started = false;
  let cut = false;
  let scored = false;

  /** Skips the step (with why) when an earlier one it needs did not get through. */
  function need<T>(ctx: TestContext, value: T | undefined | false, what: string): T {
    if (value === undefined || value === false) ctx.skip(`needs ${what}`);
    return value as T;
  }

  /** On failure: each page's console errors and a screenshot of each page. */
  const diagnose = (step: string) => reportFailure('e2e', step, () => participants);

  /** The session page's `?session=` id once the app has navigated there. */
  async function sessionIdOnPage(page: Page): Promise<string> {
    await page.waitForURL((url) => url.searchParams.has('session'), { timeout: UI_TIMEOUT });
    return new URL(page.url()).searchParams.get('session')!;
  }

  /**
   * Waits for the session view (its scene canvas) and for `window.__scrubin`. The lobby
   * navigates with `history.pushState` to `?session=<id>`; the page's own `test=1` must survive.
   */
  async function openSessionView(p: Participant): Promise<void> {
    await p.page.locator(tid('session-status')).waitFor({ timeout: UI_TIMEOUT });
    expect(new URL(p.page.url()).searchParams.get('test')).toBe('1');
    await waitForHooks(p.page);
    await p.page.locator(tid('scene-canvas')).waitFor({ timeout: UI_TIMEOUT });
  }

  it(
    '(a) the host registers through the UI, creates a session and reads its code and link',
    async () => {
      diagnose('a-create');
      hostUser = newUser('Hana Host');
      const p = await openParticipant(suite.browser, 'host');
      participants.push(p);
      const { page } = p;
      await page.goto(suite.app.clientUrl());
      await registerViaUi(page, hostUser);
      ids.host = await userIdOf(page, suite.app.apiUrl);

      // The form, once the scenario catalogue is in.
      const scenario = page.locator(tid('create-scenario'));
      await expect.poll(() => scenario.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
      await page.locator(tid('create-title')).fill(TITLE);
      await scenario.selectOption(SCENARIO);
      await page.locator(tid('create-max')).fill('4');
      await expect(page.locator(tid('create-invite-only')).isChecked()).resolves.toBe(false);
      await saveScreenshot(page, 'lobby');

      await page.locator(tid('create-submit')).click();
      const dialog = page.locator(tid('share-dialog'));
      await dialog.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      const code = (await dialog.locator(tid('share-code')).textContent())?.trim() ?? '';
      const link = (await dialog.locator(tid('share-link')).textContent())?.trim() ?? '';
      expect(code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      expect(link).toMatch(new RegExp(`^${suite.app.origin}/surgery-simulation/?\\?link=[\\w-]+$`));
      // The QR code of the link is drawn (canvas, img or svg with a size).
      const qr = dialog.locator(tid('share-qr'));
      await qr.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      const qrBox = await qr.boundingBox();
      expect(qrBox?.width ?? 0).toBeGreaterThan(50);
      await saveScreenshot(page, 'share-dialog');

      // The session behind the link, as anyone previewing it sees it.
      const api = createScrubinClient({ baseUrl: suite.app.apiUrl, token: await tokenOf(page) });
      const summary = await api.previewSession(link);
      expect(summary.title).toBe(TITLE);
      expect(summary.scenario).toBe(SCENARIO);
      host = p;
      shared = { code, link, sessionId: summary.sessionId };
    },
    STEP_TIMEOUT,
  );

  it(
    '(b) a second user joins by typing the code in lower case with the dash',
    async (ctx) => {
      const session = need(ctx, shared, 'the session of (a)');
      diagnose('b-code');
      const user = newUser('Cody Code');
      const { token, userId } = await registerViaRest(suite.app.apiUrl, user);
      ids.byCode = userId;
      const p = await openParticipant(suite.browser, 'by-code', token);
      participants.push(p);
      const { page } = p;
      await page.goto(suite.app.clientUrl());
      await page.locator(tid('signout')).waitFor({ timeout: UI_TIMEOUT });

      const typed = session.code.toLowerCase();
      expect(typed).toContain('-');
      await page.locator(tid('join-code')).fill(typed);
      await page.locator(tid('join-role')).selectOption('assistant');
      await page.locator(tid('join-submit')).click();
      expect(await sessionIdOnPage(page)).toBe(session.sessionId);
      await openSessionView(p);
      byCode = p;
    },
    STEP_TIMEOUT,
  );

  it(
    '(b) a third user opens the share link, signs up, sees the preview and joins',
    async (ctx) => {
      const session = need(ctx, shared, 'the session of (a)');
      diagnose('b-link');
      const user = newUser('Lina Link');
      const p = await openParticipant(suite.browser, 'by-link');
      participants.push(p);
      const { page } = p;
      // The link as shared (no trailing slash; the server redirects), plus the test flag.
      await page.goto(withTestFlag(session.link));
      // Signed out: the sign-in card says why, and the invitation waits for the sign-up.
      await expect
        .poll(() => page.locator('.auth [role="status"]').textContent(), { timeout: UI_TIMEOUT })
        .toMatch(/invited/i);
      await registerViaUi(page, user);
      ids.byLink = await userIdOf(page, suite.app.apiUrl);

      const preview = page.locator(tid('link-preview'));
      await preview.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await expect.poll(() => preview.textContent(), { timeout: UI_TIMEOUT }).toContain(TITLE);
      await expect(preview.textContent()).resolves.toContain(hostUser.name);
      await page.locator(tid('link-join')).click();
      expect(await sessionIdOnPage(page)).toBe(session.sessionId);
      await openSessionView(p);
      byLink = p;
    },
    STEP_TIMEOUT,
  );

  it(
    '(c) the host enters the operating room and starts the simulation',
    async (ctx) => {
      const p = need(ctx, host, 'the host of (a)');
      const session = need(ctx, shared, 'the session of (a)');
      diagnose('c-start');
      const { page } = p;
      await page.locator(tid('share-enter')).click();
      expect(await sessionIdOnPage(page)).toBe(session.sessionId);
      await openSessionView(p);
      hostInRoom = true;

      // Everyone who joined is listed.
      for (const id of [ids.byCode, ids.byLink]) {
        if (id) {
          await page
            .locator(tid(`participant-${id}`))
            .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
        }
      }
      const everyone = [p, byCode, byLink].filter((x): x is Participant => x !== undefined);
      for (const x of everyone) await waitForStatus(x.page, 'idle');

      await page.locator(tid('control-start')).click();
      for (const x of everyone) await waitForStatus(x.page, 'active');
      for (const x of everyone) {
        await expect
          .poll(() => x.page.locator(tid('session-status')).getAttribute('data-status'), {
            timeout: UI_TIMEOUT,
          })
          .toBe('active');
      }
      await expect(page.locator(tid('session-status')).textContent()).resolves.toMatch(/\S/);
      await expect(page.locator(tid('session-timer')).textContent()).resolves.toMatch(
        /^\d+:\d{2}$/,
      );
      started = true;
    },
    STEP_TIMEOUT,
  );

  it(
    '(d) a scalpel cut along the marked line reaches the other pages with the remote instrument',
    async (ctx) => {
      need(ctx, started, 'the simulation started in (c)');
      const cutter = need(ctx, byCode, 'the code joiner of (b)');
      const cutterId = need(ctx, ids.byCode, "the code joiner's user id");
      const watcher = need(ctx, byLink ?? host, 'a page watching');
      diagnose('d-cut');
      const watchers = [host, byLink].filter((x): x is Participant => x !== undefined);

      await cutter.page.locator(tid('tool-scalpel')).click();
      // Everyone learns the cutter's tool (tool-selected, then the cursor batches).
      for (const w of watchers) {
        await w.page.waitForFunction(
          (id) => window.__scrubin?.remoteTools[id] === 'scalpel',
          cutterId,
          { timeout: UI_TIMEOUT, polling: 100 },
        );
      }
      for (const w of watchers) {
        expect((await readHooks(w.page))?.severedSurfaceEdges).toBe(0);
      }

      await cutAlongMarkedLine(cutter.page);

      // The cutter's own World and every other page's World open the incision.
      await cutter.page.waitForFunction(() => (window.__scrubin?.severedSurfaceEdges ?? 0) > 0, {
        timeout: UI_TIMEOUT,
        polling: 100,
      });
      for (const w of watchers) {
        await w.page.waitForFunction(() => (window.__scrubin?.severedSurfaceEdges ?? 0) > 0, {
          timeout: UI_TIMEOUT,
          polling: 100,
        });
        expect((await readHooks(w.page))?.remoteTools[cutterId]).toBe('scalpel');
      }
      // Let the watcher draw a few frames of the opened tissue and the cutter's instrument.
      await animationFrames(watcher.page, 10);
      await saveScreenshot(watcher.page, 'scene-desktop');
      await saveScreenshot(cutter.page, 'scene-desktop-cutter');
      cut = true;
    },
    STEP_TIMEOUT,
  );

  it(
    '(e) a chat line typed in one page appears in the others',
    async (ctx) => {
      const sender = need(ctx, byLink ?? byCode, 'a joined participant');
      const receiver = need(ctx, host, 'the host in the room');
      need(ctx, hostInRoom, 'the host in the session view (c)');
      diagnose('e-chat');
      const text = `Retractor please, ${Date.now().toString(36)}`;
      await sender.page.locator(tid('chat-input')).fill(text);
      await sender.page.locator(tid('chat-send')).click();
      for (const p of [receiver, sender, byCode].filter(
        (x, i, all): x is Participant => x !== undefined && all.indexOf(x) === i,
      )) {
        await expect
          .poll(() => p.page.locator(tid('chat-log')).textContent(), { timeout: UI_TIMEOUT })
          .toContain(text);
      }
      await expect(sender.page.locator(tid('chat-input')).inputValue()).resolves.toBe('');
    },
    STEP_TIMEOUT,
  );

  it(
    '(f) the host pauses and every page shows paused; resume makes it active again',
    async (ctx) => {
      need(ctx, started, 'the simulation started in (c)');
      const p = need(ctx, host, 'the host');
      diagnose('f-pause');
      const everyone = [host, byCode, byLink].filter((x): x is Participant => x !== undefined);
      await p.page.locator(tid('control-pause')).click();
      for (const x of everyone) {
        await waitForStatus(x.page, 'paused');
        await expect
          .poll(() => x.page.locator(tid('session-status')).textContent(), { timeout: UI_TIMEOUT })
          .toMatch(/paused/i);
      }
      // The simulation holds still while paused, once the world (which may run behind the
      // server's clock on a loaded machine) has caught up to the tick the pause happened at.
      await expect
        .poll(
          async () => {
            const before = (await readHooks(p.page))?.tick;
            await animationFrames(p.page, 10);
            return (await readHooks(p.page))?.tick === before;
          },
          { timeout: UI_TIMEOUT },
        )
        .toBe(true);
      const tick = (await readHooks(p.page))?.tick;
      await animationFrames(p.page, 10);
      expect((await readHooks(p.page))?.tick).toBe(tick);

      await p.page.locator(tid('control-resume')).click();
      for (const x of everyone) await waitForStatus(x.page, 'active');
    },
    STEP_TIMEOUT,
  );

  it(
    '(g) the host stops and the score card appears',
    async (ctx) => {
      need(ctx, started, 'the simulation started in (c)');
      const p = need(ctx, host, 'the host');
      diagnose('g-stop');
      const everyone = [host, byCode, byLink].filter((x): x is Participant => x !== undefined);
      await p.page.locator(tid('control-stop')).click();
      for (const x of everyone) await waitForStatus(x.page, 'completed');
      // The server replays the log to score it (seconds), then everyone gets the card.
      for (const x of everyone) {
        const card = x.page.locator(tid('score-card'));
        await card.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
        if (cut) {
          // The cutter used an instrument: a row with a total and pass or fail.
          const row = card.locator(tid(`score-${ids.byCode}`));
          await row.waitFor({ state: 'visible', timeout: 120_000 });
          await expect(row.textContent()).resolves.toMatch(/\d.*(Pass|Fail)/s);
        }
      }
      await saveScreenshot((cut ? byCode : undefined)?.page ?? p.page, 'score-card');
      scored = true;
    },
    STEP_TIMEOUT,
  );

  it(
    '(h) the cutter opens the review from the score card and scrubs to the end of the incision',
    async (ctx) => {
      need(ctx, scored && cut, 'the score card of (g) after the cut of (d)');
      const p = need(ctx, byCode, 'the participant who cut');
      diagnose('h-review');
      await p.page.locator(tid('score-review')).click();
      await p.page.locator(tid('review-view')).waitFor({ timeout: UI_TIMEOUT });
      expect(new URL(p.page.url()).searchParams.get('review')).toBe(shared!.sessionId);
      await p.page.waitForFunction(() => (window.__scrubin?.review?.endTick ?? 0) > 0, undefined, {
        timeout: UI_TIMEOUT,
      });
      await p.page.locator(tid('review-scrub')).focus();
      await p.page.keyboard.press('End');
      await p.page.waitForFunction(
        () => (window.__scrubin?.review?.severedSurfaceEdges ?? 0) > 0,
        undefined,
        { timeout: 120_000 },
      );
    },
    STEP_TIMEOUT,
  );
});
