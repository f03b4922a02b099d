import { useCallback, useState } from 'react';

/**
 * One action at a time from a panel: `busy` while it runs (to disable the controls), its failure
 * handed to `onError` as a sentence.
 */
export function useBusyAction(onError: (message: string) => void): {
  busy: boolean;
  run: (work: () => Promise<void>) => Promise<void>;
} {
  const [busy, setBusy] = useState(false);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setBusy(true);
      try {
        await work();
      } catch (err) {
        onError(err instanceof Error ? err.message : String(err));
      } finally {
        setBusy(false);
      }
    },
    [onError],
  );
  return { busy, run };
}
