/**
 * Voice end to end in headless Chromium with a fake microphone (it plays a beeping tone): two
 * users in one session join voice, connect to each other, receive each other's audio and see
 * each other speaking; muting silences the indicator; a reload drops out of voice and joining
 * again reconnects; leaving voice counts the time spoken in the session's
 * `collaborativeData.voiceTime`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createScrubinClient, type ScrubinClient } from '@scrubin/sdk';
import { openParticipant, saveScreenshot, type Participant } from './helpers/browser.js';
import { waitForHooks } from './helpers/scene.js';
import { reportFailure, useBrowserSuite } from './helpers/suite.js';
import { newUser, registerViaRest, tid } from './helpers/users.js';
import { inVoice, inboundAudioFrom, waitForVoicePeer } from './helpers/voice.js';

/** Waits of the UI: generous, SwiftShader renders two scenes on two cores. */
const UI_TIMEOUT = 60_000;

interface Member {
  p: Participant;
  userId: string;
  api: ScrubinClient;
}

describe('voice between two browsers', () => {
  const suite = useBrowserSuite({ fakeMedia: true });
  const members: Member[] = [];
  let sessionId = '';

  beforeAll(async () => {
    const host = await registerViaRest(suite.app.apiUrl, newUser('Vera Voice'));
    const guest = await registerViaRest(suite.app.apiUrl, newUser('Gus Guest'));
    const hostApi = createScrubinClient({ baseUrl: suite.app.apiUrl, token: host.token });
    const guestApi = createScrubinClient({ baseUrl: suite.app.apiUrl, token: guest.token });
    const { session } = await hostApi.createSession({ title: 'Voice', scenario: 'skin-incision' });
    sessionId = session.sessionId;
    await guestApi.joinSession(session.uniqueLink, { role: 'observer' });
    for (const [label, account, api] of [
      ['host', host, hostApi],
      ['guest', guest, guestApi],
    ] as const) {
      const p = await openParticipant(suite.browser, label, account.token);
      members.push({ p, userId: account.userId, api });
    }
  }, 900_000);

  const diagnose = (step: string) => reportFailure('voice', step, () => members.map((m) => m.p));

  it('both join voice, connect, hear each other and see each other speaking', async () => {
    diagnose('connect');
    for (const { p } of members) {
      await p.page.goto(suite.app.clientUrl({ session: sessionId }));
      await waitForHooks(p.page);
      const join = p.page.locator(tid('voice-join'));
      await expect.poll(() => join.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
      await join.click();
      await p.page.locator(tid('voice-leave')).waitFor({ timeout: UI_TIMEOUT });
    }
    const [host, guest] = members as [Member, Member];
    for (const [self, other] of [
      [host, guest],
      [guest, host],
    ] as const) {
      await waitForVoicePeer(self.p.page, other.userId, UI_TIMEOUT);
      const row = self.p.page.locator(tid(`voice-peer-${other.userId}`));
      await expect.poll(() => row.getAttribute('data-state')).toBe('connected');
    }

    // Audio keeps arriving both ways.
    for (const [self, other] of [
      [host, guest],
      [guest, host],
    ] as const) {
      const first = await inboundAudioFrom(self.p.page, other.userId);
      await expect
        .poll(() => inboundAudioFrom(self.p.page, other.userId), { timeout: UI_TIMEOUT })
        .toMatchObject({
          bytesReceived: expect.toSatisfy((b: number) => b > first.bytesReceived),
          packetsReceived: expect.toSatisfy((n: number) => n > first.packetsReceived),
        });
    }

    // The fake microphone's beeps count as speech: each sees the other (and itself) speaking.
    for (const [self, other] of [
      [host, guest],
      [guest, host],
    ] as const) {
      for (const who of [other, self]) {
        const badge = self.p.page.locator(tid(`participant-speaking-${who.userId}`));
        await badge.waitFor({ state: 'visible', timeout: UI_TIMEOUT });
        await expect(badge.textContent()).resolves.toBe('speaking');
      }
    }
    await saveScreenshot(host.p.page, 'voice-host');
  }, 600_000);

  it('muting silences the speaking indicator the others see', async () => {
    diagnose('mute');
    const [host, guest] = members as [Member, Member];
    const mute = guest.p.page.locator(tid('voice-mute'));
    await mute.click();
    await expect(mute.getAttribute('aria-pressed')).resolves.toBe('true');
    await host.p.page
      .locator(tid(`participant-speaking-${guest.userId}`))
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await mute.click();
    await host.p.page
      .locator(tid(`participant-speaking-${guest.userId}`))
      .waitFor({ state: 'visible', timeout: UI_TIMEOUT });
  }, 300_000);

  it('a participant who reloads the page drops out of voice and connects again on joining', async () => {
    diagnose('reload');
    const [host, guest] = members as [Member, Member];
    await guest.p.page.reload();
    await host.p.page
      .locator(tid(`voice-peer-${guest.userId}`))
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await waitForHooks(guest.p.page);
    const join = guest.p.page.locator(tid('voice-join'));
    await expect.poll(() => join.isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
    await join.click();
    await waitForVoicePeer(host.p.page, guest.userId, UI_TIMEOUT);
    await waitForVoicePeer(guest.p.page, host.userId, UI_TIMEOUT);
  }, 300_000);

  it('leaving voice hangs up on the others and the time spoken is counted', async () => {
    diagnose('leave');
    const [host, guest] = members as [Member, Member];
    const voiceTime = async () =>
      (await host.api.getSession(sessionId)).collaborativeData.voiceTime;
    // Both are speaking (beeping) now: leaving closes their spans.
    const before = await voiceTime();
    await guest.p.page.locator(tid('voice-leave')).click();
    await guest.p.page.locator(tid('voice-join')).waitFor({ timeout: UI_TIMEOUT });
    expect(await inVoice(guest.p.page)).toBe(false);
    // The guest said bye: the host's connection to them is gone.
    await host.p.page
      .locator(tid(`voice-peer-${guest.userId}`))
      .waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await host.p.page.locator(tid('voice-leave')).click();
    await host.p.page.locator(tid('voice-join')).waitFor({ timeout: UI_TIMEOUT });

    await expect.poll(voiceTime, { timeout: UI_TIMEOUT }).toBeGreaterThan(before);
  }, 300_000);
});
