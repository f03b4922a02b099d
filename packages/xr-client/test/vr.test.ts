/**
 * VR in headless Chromium with an emulated Meta Quest 3 (IWER, `?test=1&xr=emulate`) against
 * the real server: the host (a real SDK client) creates a session, a desktop user and a VR user
 * join, the VR user enters VR, the host starts, the VR user picks the scalpel on the in-world tray
 * with the left controller's ray and cuts along the marked line with the right controller's
 * trigger held; the desktop page opens the same incision and shows the VR user's scalpel.
 * Screenshot: test-results/screenshots/vr-scene.png (the page while presenting).
 */
import { createScrubinClient, type LiveSession } from '@scrubin/sdk';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  clearFailureScreenshots,
  formatLogs,
  launchChromium,
  openParticipant,
  saveScreenshot,
  type Participant,
} from './helpers/browser.js';
import { MARKED_LINE } from './helpers/instrument.js';
import { readHooks, waitForHooks, waitForStatus } from './helpers/scene.js';
import { startAppServer, type AppServer } from './helpers/server.js';
import { newUser, registerViaRest, tid } from './helpers/users.js';
import {
  calibrateTip,
  pressInWorld,
  readXr,
  setButton,
  setController,
  setHeadset,
  POINTING_DOWN,
  xrFrames,
} from './helpers/xr.js';

const UI_TIMEOUT = 60_000;
const TEST_TIMEOUT = 600_000;
/** How deep the blade goes, metres. */
const DEPTH_M = 0.0025;

describe('VR with an emulated headset', () => {
  let app: AppServer;
  let browser: Browser;
  let hostLive: LiveSession | undefined;
  const participants: Participant[] = [];

  beforeAll(async () => {
    await clearFailureScreenshots();
    app = await startAppServer();
    browser = await launchChromium();
  }, 900_000);

  afterAll(async () => {
    hostLive?.close();
    await browser?.close();
    await app?.close();
  });

  it(
    'a VR user enters VR, picks the scalpel on the in-world tray and cuts; the others see it',
    async () => {
      onTestFailed(async () => {
        console.error(`[vr] failed; what the pages reported:\n${formatLogs(participants)}`);
        for (const p of participants) {
          await saveScreenshot(p.page, `failed-vr-${p.label}`).catch(() => undefined);
        }
      });

      // The host creates the session and stays in it through the SDK.
      const host = await registerViaRest(app.apiUrl, newUser('Vera Host'));
      const hostApi = createScrubinClient({ baseUrl: app.apiUrl, token: host.token });
      const { session, shareableLink } = await hostApi.createSession({
        title: 'VR skin incision',
        scenario: 'skin-incision',
        maxParticipants: 4,
      });
      hostLive = await hostApi.join(session.sessionId);

      // A desktop user and a VR user take seats and open the session.
      const open = async (label: string, name: string, params: Record<string, string>) => {
        const user = await registerViaRest(app.apiUrl, newUser(name));
        await createScrubinClient({ baseUrl: app.apiUrl, token: user.token }).joinSession(
          shareableLink,
          { role: 'assistant' },
        );
        const p = await openParticipant(browser, label, user.token);
        participants.push(p);
        await p.page.goto(app.clientUrl({ session: session.sessionId, ...params }));
        await waitForHooks(p.page);
        await p.page.locator(tid('scene-canvas')).waitFor({ timeout: UI_TIMEOUT });
        return { ...p, userId: user.userId };
      };
      const desktop = await open('desktop', 'Dora Desktop', {});
      const vr = await open('vr', 'Viktor VR', { xr: 'emulate' });

      // A desktop browser without a headset is told why it cannot enter VR.
      const desktopVr = desktop.page.locator(tid('enter-vr'));
      await expect.poll(() => desktopVr.isDisabled(), { timeout: UI_TIMEOUT }).toBe(true);
      await expect(desktop.page.locator('#vr-entry-note').textContent()).resolves.toMatch(
        /headset|WebXR/i,
      );

      // Enter VR on the emulated headset.
      const enter = vr.page.locator(tid('enter-vr'));
      await expect.poll(() => enter.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
      await enter.click();
      await vr.page.waitForFunction(() => window.__scrubinXr?.presenting === true, undefined, {
        timeout: UI_TIMEOUT,
      });
      await xrFrames(vr.page, 3);

      // The host starts; everyone sees it.
      await hostLive.control('start');
      for (const p of [desktop, vr]) await waitForStatus(p.page, 'active');

      // The scalpel from the in-world tray, clicked with the left controller's ray.
      await vr.page.waitForFunction(
        () => window.__scrubinXr?.targets['vr-tool-scalpel'] !== undefined,
        undefined,
        { timeout: UI_TIMEOUT },
      );
      await pressInWorld(vr.page, 'vr-tool-scalpel');
      await desktop.page.waitForFunction(
        (id) => window.__scrubin?.remoteTools[id] === 'scalpel',
        vr.userId,
        { timeout: UI_TIMEOUT, polling: 100 },
      );
      expect((await readHooks(desktop.page))?.severedSurfaceEdges).toBe(0);

      // The right controller held pointing down: the blade's edge along the marked line.
      const tip = await calibrateTip(vr.page);
      const along = (s: number): [number, number, number] => [
        MARKED_LINE.from[0] + (MARKED_LINE.to[0] - MARKED_LINE.from[0]) * s,
        -DEPTH_M,
        MARKED_LINE.from[1] + (MARKED_LINE.to[1] - MARKED_LINE.from[1]) * s,
      ];
      await setController(vr.page, 'right', tip.controllerFor(along(0)), POINTING_DOWN);
      await xrFrames(vr.page, 3);
      const start = (await readXr(vr.page))!.instrument;
      expect(start.tip[0]).toBeCloseTo(along(0)[0], 3);
      expect(start.tip[1]).toBeCloseTo(-DEPTH_M, 3);
      expect(start.tip[2]).toBeCloseTo(along(0)[2], 3);

      // Trigger held while the tip crosses the line below the surface.
      await setButton(vr.page, 'right', 'trigger', 1);
      await xrFrames(vr.page, 2);
      expect((await readXr(vr.page))?.instrument.active).toBe(true);
      const steps = 24;
      for (let k = 1; k <= steps; k++) {
        await setController(vr.page, 'right', tip.controllerFor(along(k / steps)), POINTING_DOWN);
        await xrFrames(vr.page, 2);
      }
      await setButton(vr.page, 'right', 'trigger', 0);
      await xrFrames(vr.page, 2);

      // The incision opens in the VR user's World and on the desktop page, with the scalpel.
      for (const p of [vr, desktop]) {
        await p.page.waitForFunction(() => (window.__scrubin?.severedSurfaceEdges ?? 0) > 0, {
          timeout: UI_TIMEOUT,
          polling: 100,
        });
      }
      expect((await readHooks(desktop.page))?.remoteTools[vr.userId]).toBe('scalpel');

      // What the headset shows (the emulated session renders into the page): looking down at
      // the incision with the scalpel just above it.
      await setController(vr.page, 'right', tip.controllerFor(along(0.6)), POINTING_DOWN);
      // About 50° down.
      await setHeadset(vr.page, [-0.423, 0, 0, 0.906]);
      await xrFrames(vr.page, 5);
      await saveScreenshot(vr.page, 'vr-scene');
      await saveScreenshot(desktop.page, 'vr-scene-desktop');
    },
    TEST_TIMEOUT,
  );
});
