/** @jsxRuntime automatic */
import { useEffect } from 'react';
import { Box, useApp, useInput } from 'ink';
import type { ControlAction } from '@scrubin/protocol';
import { Banner, ChatLine, Feed, Footer, Header, ParticipantList } from './components.js';
import { useChatInput, useLiveState, useNow } from './hooks.js';
import type { InputCommand, InputState } from './input-state.js';
import {
  RESTORED_LOG_TEXT,
  elapsedActiveS,
  isHost,
  nameIn,
  type LiveViewState,
} from './live-state.js';
import type { LiveStore } from './live-store.js';

export interface LiveViewProps {
  state: LiveViewState;
  input: InputState;
  nowMs: number;
  /** Feed lines shown (the last ones). @default 12 */
  feedLines?: number;
  /** Use colours. @default true */
  color?: boolean;
}

/** The whole live view, from state only. */
export function LiveView({ state, input, nowMs, feedLines = 12, color = true }: LiveViewProps) {
  const host = isHost(state);
  const reconnecting = state.connection === 'reconnecting';
  return (
    <Box flexDirection="column">
      <Header
        color={color}
        title={state.title}
        scenario={state.scenario}
        code={state.code}
        status={state.status}
        elapsedS={elapsedActiveS(state, nowMs)}
        youName={nameIn(state, state.selfId)}
        youRole={state.role ?? 'participant'}
        host={host}
        score={state.score === null ? undefined : state.score.score}
      />
      {state.rebuilding ? (
        <Banner color={color} text={`${RESTORED_LOG_TEXT}…`} />
      ) : reconnecting ? (
        <Banner
          color={color}
          text={`Reconnecting… (${state.connectionReason || 'connection lost'}); actions wait until the session is back`}
        />
      ) : null}
      <Box flexDirection="row" paddingX={1}>
        <ParticipantList
          color={color}
          participants={state.participants}
          hostId={state.hostId}
          selfId={state.selfId}
        />
        <Feed color={color} lines={state.feed.slice(-feedLines)} />
      </Box>
      <ChatLine color={color} input={input} />
      <Footer color={color} host={host} typing={input.focused || input.text !== ''} />
    </Box>
  );
}

/** What the view's keys do to the session (a `LiveSession` has all three). */
export interface LiveActions {
  chat(text: string): Promise<unknown>;
  control(action: ControlAction): Promise<unknown>;
  reset(): Promise<unknown>;
}

export interface LiveAppProps {
  store: LiveStore;
  actions: LiveActions;
  /** @default 12 */
  feedLines?: number;
  /** @default true */
  color?: boolean;
  /** Refresh of the active-time clock, ms (0: only on events). @default 1000 */
  tickMs?: number;
  /** @default Date.now */
  now?: () => number;
  /** Called once when the view ends: the user quit, or the session handle closed. */
  onExit?: (why: 'quit' | 'closed') => void;
}

/**
 * The live view wired to a store and the session's actions: keys go to the chat line and the
 * host keys; it exits (unmounts) on quit and when the session handle closes.
 */
export function LiveApp({
  store,
  actions,
  feedLines,
  color,
  tickMs = 1000,
  now,
  onExit,
}: LiveAppProps) {
  const state = useLiveState(store);
  const nowMs = useNow(tickMs, now);
  const [input, onKey] = useChatInput();
  const { exit } = useApp();

  const run = (command: InputCommand) => {
    switch (command.type) {
      case 'quit':
        onExit?.('quit');
        exit();
        return;
      case 'notice':
        store.dispatch({ type: 'notice', level: 'notice', text: command.text, nowMs: Date.now() });
        return;
      case 'chat':
        actions.chat(command.text).catch((err: unknown) => store.reportError(err));
        return;
      case 'control':
        actions.control(command.action).catch((err: unknown) => store.reportError(err));
        return;
      case 'reset':
        actions.reset().catch((err: unknown) => store.reportError(err));
        return;
    }
  };

  useInput((text, key) => {
    const now = store.getState();
    const command = onKey(text, key, { isHost: isHost(now), status: now.status });
    if (command) run(command);
  });

  useEffect(() => {
    if (state.connection !== 'closed') return;
    onExit?.('closed');
    exit();
  }, [state.connection, exit, onExit]);

  return <LiveView state={state} input={input} nowMs={nowMs} feedLines={feedLines} color={color} />;
}
