import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import {
  EMPTY_INPUT,
  handleKey,
  type InputCommand,
  type InputState,
  type KeyContext,
  type KeyInfo,
} from './input-state.js';
import type { LiveStore } from './live-store.js';
import type { LiveViewState } from './live-state.js';

/** The store's state, re-rendering on every change. */
export function useLiveState(store: LiveStore): LiveViewState {
  return useSyncExternalStore(store.subscribe, store.getState, store.getState);
}

/** The current time, refreshed every `intervalMs` (0: never). */
export function useNow(intervalMs: number, now: () => number = Date.now): number {
  const [value, setValue] = useState(now);
  useEffect(() => {
    if (intervalMs <= 0) return;
    const timer = setInterval(() => setValue(now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, now]);
  return value;
}

/**
 * The chat line's state and its key handler; the handler returns the command to run. A ref keeps
 * the latest state, so that keys arriving before a re-render see what came before them.
 */
export function useChatInput(): [
  InputState,
  (input: string, key: KeyInfo, ctx: KeyContext) => InputCommand | undefined,
] {
  const [state, setState] = useState<InputState>(EMPTY_INPUT);
  const ref = useRef(state);
  const onKey = (input: string, key: KeyInfo, ctx: KeyContext) => {
    const result = handleKey(ref.current, input, key, ctx);
    ref.current = result.state;
    setState(result.state);
    return result.command;
  };
  return [state, onKey];
}
