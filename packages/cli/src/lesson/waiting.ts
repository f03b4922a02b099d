import { ScrubinError } from '@scrubin/protocol';
import type { LiveSession } from '@scrubin/sdk';
import { onSettledChange } from '../live-settled.js';
import { conditionHolds, describeActual } from './conditions.js';
import { describeCondition } from './plan.js';
import type { Condition } from './schema.js';
import { formatMs } from './values.js';

/** A wait (`wait`, `when`) ran out of time. */
export class StepTimeout extends Error {}
/** The lesson was cancelled through its signal. */
export class Cancelled extends Error {}

/** Resolves after `ms`; rejects with Cancelled on abort. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Cancelled('cancelled'));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Cancelled('cancelled'));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Waits until the condition holds on the handle; throws StepTimeout after `timeoutMs`. While the
 * handle rebuilds its state from a restored log, the condition waits for the rebuilt state.
 */
export function waitForCondition(
  live: LiveSession,
  condition: Condition,
  timeoutMs: number,
  onWait: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const view = () => ({
    participants: live.participants,
    status: live.status,
    selfId: live.userId,
  });
  if (conditionHolds(condition, view())) return Promise.resolve();
  onWait();
  return new Promise((resolve, reject) => {
    const offs: (() => void)[] = [];
    const finish = (error?: Error) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      for (const off of offs) off();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      if (conditionHolds(condition, view())) finish();
    };
    const onAbort = () => finish(new Cancelled('cancelled'));
    const timer = setTimeout(
      () =>
        finish(
          new StepTimeout(
            `waited ${formatMs(timeoutMs)} for ${describeCondition(condition)}; now: ${describeActual(condition, view())}`,
          ),
        ),
      timeoutMs,
    );
    signal?.addEventListener('abort', onAbort, { once: true });
    offs.push(
      onSettledChange(live, check),
      live.on('disconnected', ({ reason }) =>
        finish(new ScrubinError('UNAVAILABLE', `The session connection closed (${reason})`)),
      ),
    );
  });
}
