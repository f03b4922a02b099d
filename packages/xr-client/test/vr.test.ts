/**
 * VR in headless Chromium with an emulated Meta Quest 3 (IWER, `?test=1&xr=emulate`) and a fake
 * microphone against the real server: the VR user creates a session (so hosts it) and a desktop
 * user joins by link. In VR, the host presses the in-world Start; picks the scalpel on the tray
 * with the left controller's ray and cuts along the marked line with the right controller's
 * trigger held, and the desktop page opens the same incision and shows the VR user's scalpel. The
 * desktop user's chat line appears on the in-world chat panel; the VR user joins voice and mutes
 * in-world (the HTML voice panel agrees) and is shown speaking, and talks with push-to-talk on the
 * left grip; the in-world Stop ends the session for both and brings up the in-world score card.
 * Screenshots in test-results/screenshots/ (the page while presenting): vr-scene.png, vr-tray.png,
 * vr-panels.png.
 */
import { createScrubinClient } from '@scrubin/sdk';
import { describe, expect, it } from 'vitest';
import { openParticipant, saveScreenshot, type Participant } from './helpers/browser.js';
import { MARKED_LINE } from './helpers/instrument.js';
import { readHooks, waitForHooks, waitForStatus } from './helpers/scene.js';
import { reportFailure, useBrowserSuite } from './helpers/suite.js';
import { newUser, registerViaRest, tid } from './helpers/users.js';
import { inVoice } from './helpers/voice.js';
import {
  calibrateTip,
  panelText,
  pressInWorld,
  readXr,
  setButton,
  setController,
  setHeadset,
  POINTING_DOWN,
  waitForTarget,
  xrFrames,
} from './helpers/xr.js';

const UI_TIMEOUT = 60_000;
const TEST_TIMEOUT = 600_000;
/** How deep the blade goes, metres. */
const DEPTH_M = 0.0025;

describe('VR with an emulated headset', () => {
  const suite = useBrowserSuite({ fakeMedia: true });
  const participants: Participant[] = [];

  it(
    'a VR host starts in-world, cuts, reads the chat, talks and mutes, stops and sees the score',
    async () => {
      reportFailure('vr', 'flow', () => participants);

      // The VR user creates the session (and so hosts it); a desktop user joins by link.
      const open = async (label: string, name: string, params: Record<string, string>) => {
        const user = await registerViaRest(suite.app.apiUrl, newUser(name));
        const p = await openParticipant(suite.browser, label, user.token);
        participants.push(p);
        const api = createScrubinClient({ baseUrl: suite.app.apiUrl, token: user.token });
        return { ...p, userId: user.userId, api, params };
      };
      const show = async (p: Participant, sessionId: string, params: Record<string, string>) => {
        await p.page.goto(suite.app.clientUrl({ session: sessionId, ...params }));
        await waitForHooks(p.page);
        await p.page.locator(tid('scene-canvas')).waitFor({ timeout: UI_TIMEOUT });
      };
      const vr = await open('vr', 'Viktor VR', { xr: 'emulate' });
      const { session, shareableLink } = await vr.api.createSession({
        title: 'VR skin incision',
        scenario: 'skin-incision',
        maxParticipants: 4,
      });
      const desktop = await open('desktop', 'Dora Desktop', {});
      await desktop.api.joinSession(shareableLink, { role: 'assistant' });
      await show(desktop, session.sessionId, desktop.params);
      await show(vr, session.sessionId, vr.params);

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

      // The host starts in-world, clicking with the left controller's ray; everyone sees it.
      await waitForTarget(vr.page, 'vr-control-start');
      await pressInWorld(vr.page, 'vr-control-start');
      for (const p of [desktop, vr]) await waitForStatus(p.page, 'active');

      // The scalpel from the in-world tray.
      await waitForTarget(vr.page, 'vr-tool-scalpel');
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
      await setHeadset(vr.page, [0, 0, 0, 1]);

      // A chat line typed on the desktop page shows on the in-world chat panel, newest last.
      const text = `Nice line, Viktor ${Date.now().toString(36)}`;
      await desktop.page.locator(tid('chat-input')).fill(text);
      await desktop.page.locator(tid('chat-send')).click();
      await expect
        .poll(async () => (await panelText(vr.page, 'vr-panel-chat'))?.at(-1), {
          timeout: UI_TIMEOUT,
          interval: 200,
        })
        .toBe(`Dora Desktop: ${text}`);

      // Voice joined in-world: the microphone opens (the fake one beeps) and the participants
      // panel shows the VR user speaking, as does the desktop page.
      expect(await panelText(vr.page, 'vr-voice')).toEqual(['Join voice']);
      await pressInWorld(vr.page, 'vr-voice');
      await expect.poll(() => inVoice(vr.page), { timeout: UI_TIMEOUT }).toBe(true);
      await expect
        .poll(() => panelText(vr.page, 'vr-voice'), { timeout: UI_TIMEOUT })
        .toEqual(['Mute']);
      const speakingLine = 'Viktor VR · Surgeon, host, you · speaking';
      await expect
        .poll(async () => (await panelText(vr.page, 'vr-panel-participants')) ?? [], {
          timeout: UI_TIMEOUT,
          interval: 100,
        })
        .toContain(speakingLine);
      await desktop.page
        .locator(tid(`participant-speaking-${vr.userId}`))
        .waitFor({ state: 'visible', timeout: UI_TIMEOUT });

      // Muted in-world: the same voice the HTML panel shows is muted, and the speaking mark goes.
      await pressInWorld(vr.page, 'vr-voice');
      await expect
        .poll(() => panelText(vr.page, 'vr-voice'), { timeout: UI_TIMEOUT })
        .toEqual(['Unmute']);
      expect(await panelText(vr.page, 'vr-voice-status')).toEqual(['Voice: muted']);
      await expect(vr.page.locator(tid('voice-mute')).getAttribute('aria-pressed')).resolves.toBe(
        'true',
      );
      await expect(vr.page.locator(tid('voice-status')).textContent()).resolves.toMatch(/Muted/);
      await desktop.page
        .locator(tid(`participant-speaking-${vr.userId}`))
        .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      await expect
        .poll(async () => (await panelText(vr.page, 'vr-panel-participants')) ?? [], {
          timeout: UI_TIMEOUT,
        })
        .not.toContain(speakingLine);
      // Looking down at the left hand: the tray, the host's controls and the voice row.
      await setHeadset(vr.page, [-0.328, 0.45, 0.182, 0.811]);
      await xrFrames(vr.page, 5);
      await saveScreenshot(vr.page, 'vr-tray');
      await setHeadset(vr.page, [0, 0, 0, 1]);

      // Unmuted on the page's Voice panel (clicked programmatically: the emulated headset's view
      // covers the page while presenting): the in-world button follows.
      await vr.page.locator(tid('voice-mute')).dispatchEvent('click');
      await expect
        .poll(() => panelText(vr.page, 'vr-voice'), { timeout: UI_TIMEOUT })
        .toEqual(['Mute']);

      // Push-to-talk (ticked on the page): silent until the left grip is held, in VR as with V.
      const speakingMark = desktop.page.locator(tid(`participant-speaking-${vr.userId}`));
      await vr.page.locator(tid('voice-ptt')).dispatchEvent('click');
      await expect
        .poll(() => panelText(vr.page, 'vr-voice-status'), { timeout: UI_TIMEOUT })
        .toEqual(['Voice: push to talk (hold the left grip)']);
      await speakingMark.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
      await setButton(vr.page, 'left', 'squeeze', 1);
      await speakingMark.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
      await setButton(vr.page, 'left', 'squeeze', 0);
      await speakingMark.waitFor({ state: 'detached', timeout: UI_TIMEOUT });

      // The in-world Stop ends the session for everyone; the in-world score card appears and
      // fills in with the VR user's result.
      const isVrScore = (line: string) => line.startsWith('Viktor VR:');
      expect(await panelText(vr.page, 'vr-panel-score')).toBeUndefined();
      await pressInWorld(vr.page, 'vr-control-stop');
      for (const p of [desktop, vr]) await waitForStatus(p.page, 'completed');
      await expect
        .poll(async () => (await panelText(vr.page, 'vr-panel-score'))?.find(isVrScore) ?? '', {
          timeout: UI_TIMEOUT,
          interval: 200,
        })
        .toMatch(/^Viktor VR: \d+ · (Pass|Fail)$/);
      expect((await panelText(vr.page, 'vr-panel-score'))?.[0]).toMatch(/^Results · team \d+$/);
      await xrFrames(vr.page, 3);
      await saveScreenshot(vr.page, 'vr-panels');
    },
    TEST_TIMEOUT,
  );
});
