import type { LiveSession } from '@scrubin/sdk';

/**
 * Calls `check` whenever the handle's presence and status may have changed: after each sequenced
 * event, and once the handle is back and caught up after reconnecting. After a `resync` (the
 * server's log was restored to an earlier point) the whole log is delivered again from seq 1,
 * and presence and status pass through every past value on the way: nothing is checked then
 * until the handle has rebuilt them (`reconnected`).
 * @returns the function that stops the checks
 * @example const off = onSettledChange(live, () => { if (live.status === 'active') go(); });
 */
export function onSettledChange(live: Pick<LiveSession, 'on'>, check: () => void): () => void {
  let rebuilding = false;
  const offs = [
    live.on('resync', () => {
      rebuilding = true;
    }),
    live.on('sequenced', () => {
      if (!rebuilding) check();
    }),
    live.on('reconnected', () => {
      rebuilding = false;
      check();
    }),
  ];
  return () => {
    for (const off of offs) off();
  };
}
