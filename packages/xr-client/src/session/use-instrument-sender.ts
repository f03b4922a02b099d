import { useEffect } from 'react';
import type { SessionController } from './session-controller.js';

/** How often the local instrument is offered to the sender (it rate-limits itself), ms. */
const SEND_EVERY_MS = 1000 / 60;

/**
 * Shares the local instrument: offers it to the sender at 60 Hz, independent of rendering (the
 * desktop canvas renders on demand), so that cursor updates keep flowing at 30 Hz while the
 * simulation runs.
 */
export function useInstrumentSender(controller: SessionController | null): void {
  useEffect(() => {
    if (!controller) return;
    const timer = setInterval(() => {
      controller.sender.update(controller.local, performance.now(), controller.status === 'active');
    }, SEND_EVERY_MS);
    return () => clearInterval(timer);
  }, [controller]);
}
