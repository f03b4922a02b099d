/**
 * The review (after-action replay) in headless Chromium against the real server: a surgeon's
 * scalpel strokes from a recorded fixture are played into a new session over the SDK, the session
 * is stopped and scored, then the review opens by its address and from "My sessions": play,
 * pause, scrub to the end (the incision shows), key moments marked and listed, the score card.
 * A recording file opens through the lobby's file input; a corrupt one shows the line at fault.
 */
import { readFileSync } from 'node:fs';
import { parseRecording, toolInteractOfLogged, type SequencedPayloads } from '@scrubin/protocol';
import { createScrubinClient, type LiveSession } from '@scrubin/sdk';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openParticipant, saveScreenshot, type Participant } from './helpers/browser.js';
import { waitForHooks } from './helpers/scene.js';
import { reportFailure, useBrowserSuite } from './helpers/suite.js';
import { newUser, registerViaRest, tid } from './helpers/users.js';

const UI_TIMEOUT = 90_000;
const STEP_TIMEOUT = 300_000;
const TICK_HZ = 90;
const FIXTURE_PATH = new URL('../../sim/fixtures/skin-incision-pass.jsonl', import.meta.url);
const FIXTURE = readFileSync(FIXTURE_PATH, 'utf8');

/** Resolves at wall time `atMs` (input pacing: each action goes out when it was recorded). */
function at(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));
}

/**
 * Plays the fixture's instrument events into a live session as its surgeon, spaced as recorded
 * (tick differences at 90 Hz), so that the server logs the same strokes at similar ticks.
 */
async function playStrokes(live: LiveSession): Promise<number> {
  const { events } = parseRecording(FIXTURE);
  const instrument = events.filter(
    (e) => e.type === 'tool-selected' || e.type === 'tool-interaction',
  );
  const startMs = Date.now();
  const firstTick = instrument[0]!.tick;
  for (const e of instrument) {
    await at(startMs + ((e.tick - firstTick) * 1000) / TICK_HZ);
    if (e.type === 'tool-selected') {
      await live.selectTool((e.payload as SequencedPayloads['tool-selected']).tool);
      continue;
    }
    const p = e.payload as SequencedPayloads['tool-interaction'];
    await live.toolInteract(toolInteractOfLogged(p));
  }
  return instrument.length;
}

/** The review's part of the page's hooks, or null before the review shows. */
function reviewHooks(page: Page) {
  return page.evaluate(() => (window.__scrubin?.review ? { ...window.__scrubin.review } : null));
}

describe('the review in headless Chromium', () => {
  const suite = useBrowserSuite();
  let viewer: Participant | undefined;
  let token = '';
  let sessionId = '';
  const title = 'Review of a clean incision';

  const diagnose = (step: string) => reportFailure('review', step, () => (viewer ? [viewer] : []));

  it(
    'a surgeon cuts along the marked line over the SDK; the session is stopped and scored',
    async () => {
      const surgeon = await registerViaRest(suite.app.apiUrl, newUser('Sam Surgeon'));
      const api = createScrubinClient({ baseUrl: suite.app.apiUrl, token: surgeon.token });
      const { session } = await api.createSession({ title, scenario: 'skin-incision' });
      sessionId = session.sessionId;
      const live = await api.session(sessionId).connect();
      await live.control('start');
      expect(await playStrokes(live)).toBeGreaterThan(50);
      await live.control('stop');
      await live.leave();
      await expect
        .poll(async () => (await api.getSession(sessionId)).scoreDetails?.participants.length, {
          timeout: UI_TIMEOUT,
          interval: 250,
        })
        .toBe(1);

      token = surgeon.token;
    },
    STEP_TIMEOUT,
  );

  it(
    'opens by its address: moments marked, score card, play, pause, scrub to the end',
    async () => {
      diagnose('route');
      if (!token) throw new Error('needs the scored session of the first step');
      viewer = await openParticipant(suite.browser, 'viewer', token);
      const { page } = viewer;
      await page.goto(suite.app.clientUrl({ review: sessionId }));
      await page.locator(tid('review-view')).waitFor({ timeout: UI_TIMEOUT });
      await waitForHooks(page, UI_TIMEOUT);
      await expect(page.locator('h1').textContent()).resolves.toContain(title);

      // The stored score, with its sub-scores.
      const card = page.locator(tid('score-card'));
      await card.waitFor({ timeout: UI_TIMEOUT });
      await expect.poll(() => card.locator('tbody tr').count(), { timeout: UI_TIMEOUT }).toBe(1);
      const header = (await card.locator('thead').textContent()) ?? '';
      expect(header).toMatch(/Precision/i);
      expect(header).toMatch(/Depth/i);

      // The analysis finds the first incision: a mark on the timeline and a line in the list.
      await page.waitForFunction(() => window.__scrubin?.review?.analysed === true, undefined, {
        timeout: UI_TIMEOUT,
        polling: 200,
      });
      const incision = page.locator(`${tid('review-mark')}[data-kind="incision-started"]`);
      await expect.poll(() => incision.count()).toBeGreaterThan(0);
      const listed = page.locator(`${tid('review-moment')}[data-kind="incision-started"]`);
      await expect(listed.first().textContent()).resolves.toMatch(/First incision/);

      const start = await reviewHooks(page);
      expect(start).toMatchObject({ tick: 0, playing: false, severedSurfaceEdges: 0 });
      expect(start!.endTick).toBeGreaterThan(300);

      // Play: the play head and the World move on; pause holds them.
      await page.locator(tid('review-speed')).selectOption('4');
      await page.locator(tid('review-play')).click();
      await page.waitForFunction(() => (window.__scrubin?.review?.simTick ?? 0) > 45, undefined, {
        timeout: UI_TIMEOUT,
        polling: 100,
      });
      await page.locator(tid('review-play')).click();
      await page.waitForFunction(() => window.__scrubin?.review?.playing === false, undefined, {
        timeout: UI_TIMEOUT,
      });
      const paused = (await reviewHooks(page))!;
      expect(paused.tick).toBeGreaterThan(0);
      expect(paused.tick).toBeLessThan(paused.endTick);
      await page.waitForFunction(
        (tick) => window.__scrubin?.review?.simTick === tick,
        paused.tick,
        { timeout: UI_TIMEOUT, polling: 100 },
      );
      expect((await reviewHooks(page))!.tick).toBe(paused.tick);

      // Scrub to the end with the keyboard: the incision is there.
      await page.locator(tid('review-scrub')).focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        () => {
          const r = window.__scrubin?.review;
          return r !== undefined && r.simTick === r.endTick && r.severedSurfaceEdges > 0;
        },
        undefined,
        { timeout: UI_TIMEOUT, polling: 200 },
      );
      await expect(page.locator(tid('review-time')).textContent()).resolves.toMatch(
        /^(\d+:\d\d) \/ \1$/,
      );
      const severedAtEnd = (await reviewHooks(page))!.severedSurfaceEdges;

      // Back to the first incision from the list: the World rebuilds to before the cut.
      const incisionTick = Number(await listed.first().getAttribute('data-tick'));
      await listed.first().click();
      await page.waitForFunction(
        (tick) => window.__scrubin?.review?.simTick === tick,
        incisionTick,
        { timeout: UI_TIMEOUT, polling: 100 },
      );
      expect((await reviewHooks(page))!.severedSurfaceEdges).toBeLessThan(severedAtEnd);
      await page.locator(tid('review-scrub')).focus();
      await page.keyboard.press('End');
      await page.waitForFunction(
        () => {
          const r = window.__scrubin?.review;
          return r !== undefined && r.simTick === r.endTick;
        },
        undefined,
        { timeout: UI_TIMEOUT, polling: 200 },
      );
      expect((await reviewHooks(page))!.severedSurfaceEdges).toBe(severedAtEnd);
      await saveScreenshot(page, 'review');
    },
    STEP_TIMEOUT,
  );

  it(
    'opens from "My sessions" in the lobby',
    async () => {
      diagnose('my-sessions');
      const { page } = viewer!;
      await page.getByRole('button', { name: 'Back to the lobby' }).click();
      const row = page.locator(`${tid('my-session')}[data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: UI_TIMEOUT });
      await row.locator(tid('review-session')).click();
      await page.waitForURL((url) => url.searchParams.get('review') === sessionId);
      expect(new URL(page.url()).searchParams.get('test')).toBe('1');
      await page.locator(tid('review-view')).waitFor({ timeout: UI_TIMEOUT });
      await page.waitForFunction(() => window.__scrubin?.review?.analysed === true, undefined, {
        timeout: UI_TIMEOUT,
        polling: 200,
      });
      await expect(page.locator(tid('score-card')).locator('tbody tr').count()).resolves.toBe(1);
    },
    STEP_TIMEOUT,
  );

  it(
    'opens a recording file from the lobby, and names the line of a corrupt one',
    async () => {
      diagnose('file');
      const { page } = viewer!;
      await page.getByRole('button', { name: 'Back to the lobby' }).click();
      const input = page.locator(tid('open-recording'));
      await input.waitFor({ timeout: UI_TIMEOUT });

      const lines = FIXTURE.split('\n');
      lines[3] = lines[3]!.slice(0, 30);
      await input.setInputFiles({
        name: 'broken.jsonl',
        mimeType: 'application/jsonl',
        buffer: Buffer.from(lines.join('\n')),
      });
      const error = page.locator(tid('open-recording-error'));
      await error.waitFor({ timeout: UI_TIMEOUT });
      await expect(error.textContent()).resolves.toMatch(/broken\.jsonl: .*line 4: not valid JSON/);

      await input.setInputFiles({
        name: 'skin-incision-pass.jsonl',
        mimeType: 'application/jsonl',
        buffer: Buffer.from(FIXTURE),
      });
      await page.locator(tid('review-view')).waitFor({ timeout: UI_TIMEOUT });
      await expect(page.locator('h1').textContent()).resolves.toContain('clean 6 cm skin incision');
      // No stored score for a file: it is computed by replaying it in the worker.
      await page.waitForFunction(() => window.__scrubin?.review?.analysed === true, undefined, {
        timeout: UI_TIMEOUT,
        polling: 200,
      });
      const card = page.locator(tid('score-card'));
      await expect(card.locator('tbody tr').first().textContent()).resolves.toMatch(/Dr\. Ada Lin/);
      await expect.poll(() => page.locator(tid('review-mark')).count()).toBeGreaterThan(0);
    },
    STEP_TIMEOUT,
  );
});
