import { useCallback, useEffect, useState } from 'react';
import type * as VrKitModule from './vr-kit.js';
import { checkVrSupport, type VrSupport } from './vr-support.js';

/** The VR code, loaded on demand: the store and the layer that goes inside the Canvas. */
export type VrKit = typeof VrKitModule;
type Store = ReturnType<VrKit['createVrStore']>;

/** What the session view needs to offer VR and to render it. */
export interface VrMode {
  support: VrSupport;
  /** The loaded VR code and its store (only where VR is supported). */
  kit?: { module: VrKit; store: Store };
  /** An immersive session is running (desktop input and camera step aside). */
  presenting: boolean;
  /** Why the last attempt to enter failed. */
  error?: string;
  /** Enters VR (call it from the click: browsers want a user gesture). */
  enter(): void;
  /** Leaves VR. */
  exit(): void;
}

/**
 * Checks for VR once, and where it is supported loads the VR code right away (a separate chunk,
 * so desktop users never fetch it) so that entering happens within the user's click.
 */
export function useVrMode(): VrMode {
  const [support, setSupport] = useState<VrSupport>({ state: 'checking' });
  const [kit, setKit] = useState<VrMode['kit']>();
  const [presenting, setPresenting] = useState(false);
  const [error, setError] = useState<string>();

  useEffect(() => {
    let cancelled = false;
    let store: Store | undefined;
    let unsubscribe = () => undefined as void;
    void (async () => {
      const checked = await checkVrSupport();
      if (cancelled) return;
      if (checked.state !== 'supported') {
        setSupport(checked);
        return;
      }
      const module = await import('./vr-kit.js');
      if (cancelled) return;
      store = module.createVrStore();
      unsubscribe = store.subscribe((state) => setPresenting(state.mode === 'immersive-vr'));
      setKit({ module, store });
      setSupport(checked);
    })().catch((err: unknown) => {
      if (!cancelled) {
        setSupport({ state: 'unsupported', reason: `VR could not load: ${String(err)}` });
      }
    });
    return () => {
      cancelled = true;
      unsubscribe();
      void store?.getState().session?.end();
      store?.destroy();
    };
  }, []);

  const enter = useCallback(() => {
    if (!kit) return;
    setError(undefined);
    kit.store.enterVR().catch((err: unknown) => {
      setError(err instanceof Error ? err.message : String(err));
    });
  }, [kit]);

  const exit = useCallback(() => {
    void kit?.store.getState().session?.end();
  }, [kit]);

  return { support, kit, presenting, error, enter, exit };
}
