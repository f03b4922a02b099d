import { LIMITS, type ControlAction, type SessionStatus } from '@scrubin/protocol';

/** The chat line and any pending confirmation. */
export interface InputState {
  /** What has been typed and not sent yet. */
  text: string;
  /** Typing goes to the chat line (after a first character, Enter or Tab). */
  focused: boolean;
  /** A destructive host action waiting for `y`. */
  confirm: 'stop' | 'reset' | null;
}

/** What a key press asks the app to do. */
export type InputCommand =
  | { type: 'chat'; text: string }
  | { type: 'control'; action: ControlAction }
  | { type: 'reset' }
  | { type: 'quit' }
  | { type: 'notice'; text: string };

/** The parts of ink's `Key` the chat line looks at. */
export interface KeyInfo {
  ctrl?: boolean;
  meta?: boolean;
  return?: boolean;
  escape?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
}

/** Who presses the key, and in which session state. */
export interface KeyContext {
  isHost: boolean;
  status: SessionStatus;
}

/** Host keys: Ctrl + letter. None of them is a terminal signal once ink puts it in raw mode. */
export const HOST_KEYS = [
  { key: 'Ctrl+S', letter: 's', label: 'start' },
  { key: 'Ctrl+P', letter: 'p', label: 'pause/resume' },
  { key: 'Ctrl+X', letter: 'x', label: 'stop' },
  { key: 'Ctrl+R', letter: 'r', label: 'reset' },
] as const;

export const EMPTY_INPUT: InputState = { text: '', focused: false, confirm: null };

type Result = { state: InputState; command?: InputCommand };

/**
 * Handles one key press: typing into the chat line, Enter sends, host keys, confirmations, quit.
 * Pure: the app runs the returned command.
 *
 * - `q` quits while the chat line is empty and not focused; Ctrl+C always quits.
 * - Any other character starts a message; Enter or Tab on an empty line focuses it (to type a
 *   message starting with `q`); Esc clears and leaves it.
 * - Host: Ctrl+S start, Ctrl+P pause/resume, Ctrl+X stop and Ctrl+R reset (both ask `y`).
 */
export function handleKey(state: InputState, input: string, key: KeyInfo, ctx: KeyContext): Result {
  if (key.ctrl && input === 'c') return { state, command: { type: 'quit' } };

  if (state.confirm !== null) {
    const next = { ...state, confirm: null };
    if (input === 'y' || input === 'Y') {
      return {
        state: next,
        command: state.confirm === 'stop' ? { type: 'control', action: 'stop' } : { type: 'reset' },
      };
    }
    return {
      state: next,
      command: { type: 'notice', text: `Not ${state.confirm === 'stop' ? 'stopped' : 'reset'}.` },
    };
  }

  if (key.ctrl) return hostKey(state, input, ctx);

  if (key.escape) return { state: { ...state, text: '', focused: false } };
  if (key.return) {
    const text = state.text.trim();
    if (text === '') return { state: { ...state, text: '', focused: true } };
    return { state: { ...state, text: '' }, command: { type: 'chat', text } };
  }
  if (key.tab) return { state: { ...state, focused: !state.focused || state.text !== '' } };
  if (key.backspace || key.delete)
    return { state: { ...state, text: [...state.text].slice(0, -1).join('') } };
  if (key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow) return { state };

  // A pasted line arrives whole, its Enter included: type the text, then send it.
  const newline = input.search(/[\r\n]/);
  if (newline >= 0) {
    const typed = printable(input.slice(0, newline));
    const text = [...(state.text + typed)].slice(0, LIMITS.chatMaxChars).join('').trim();
    if (text === '') return { state: { ...state, text: '', focused: true } };
    return { state: { ...state, text: '' }, command: { type: 'chat', text } };
  }
  const typed = printable(input);
  if (typed === '') return { state };
  if (!state.focused && state.text === '' && typed === 'q') {
    return { state, command: { type: 'quit' } };
  }
  const text = [...(state.text + typed)].slice(0, LIMITS.chatMaxChars).join('');
  return { state: { ...state, text, focused: true } };
}

function hostKey(state: InputState, input: string, ctx: KeyContext): Result {
  if (!HOST_KEYS.some((k) => k.letter === input)) return { state };
  if (!ctx.isHost) {
    return { state, command: { type: 'notice', text: 'Only the host controls the simulation.' } };
  }
  switch (input) {
    case 's':
      return { state, command: { type: 'control', action: 'start' } };
    case 'p':
      if (ctx.status === 'paused') return { state, command: { type: 'control', action: 'resume' } };
      if (ctx.status === 'active') return { state, command: { type: 'control', action: 'pause' } };
      return {
        state,
        command: { type: 'notice', text: `Nothing to pause: the simulation is ${ctx.status}.` },
      };
    case 'x':
      return { state: { ...state, confirm: 'stop' } };
    default:
      return { state: { ...state, confirm: 'reset' } };
  }
}

/** The printable characters of some input (control characters dropped). */
function printable(input: string): string {
  return [...input].filter((ch) => ch >= ' ' && ch !== '\u007f').join('');
}
