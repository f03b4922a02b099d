/**
 * The voice test hook: with `?test=1` in the URL, a page in voice exposes `window.__scrubinVoice`
 * (its connections and the audio received over them).
 */
import type { Page } from 'playwright-core';

/** Audio received from one peer so far. */
export interface InboundAudio {
  bytesReceived: number;
  packetsReceived: number;
}

/** `window.__scrubinVoice` of a page in voice. */
export interface ScrubinVoiceHooks {
  /** Connection state of each voice peer, by user id. */
  peers: Record<string, string>;
  selfSpeaking: boolean;
  inboundAudio(): Promise<Record<string, InboundAudio>>;
}

declare global {
  interface Window {
    __scrubinVoice?: ScrubinVoiceHooks;
  }
}

/** Waits until the page's voice connection to `userId` is `connected`. */
export async function waitForVoicePeer(page: Page, userId: string, timeout = 60_000) {
  await page.waitForFunction((id) => window.__scrubinVoice?.peers[id] === 'connected', userId, {
    timeout,
    polling: 200,
  });
}

/** Audio the page received from `userId` so far (zeros while there is no connection). */
export function inboundAudioFrom(page: Page, userId: string): Promise<InboundAudio> {
  return page.evaluate(async (id) => {
    const all = (await window.__scrubinVoice?.inboundAudio()) ?? {};
    return all[id] ?? { bytesReceived: 0, packetsReceived: 0 };
  }, userId);
}

/** Whether the page is in voice (exposes the hook). */
export function inVoice(page: Page): Promise<boolean> {
  return page.evaluate(() => window.__scrubinVoice !== undefined);
}
