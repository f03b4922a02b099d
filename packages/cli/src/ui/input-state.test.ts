import { describe, expect, it } from 'vitest';
import { LIMITS } from '@scrubin/protocol';
import {
  EMPTY_INPUT,
  handleKey,
  type InputState,
  type KeyContext,
  type KeyInfo,
} from './input-state.js';

const HOST: KeyContext = { isHost: true, status: 'active' };
const GUEST: KeyContext = { isHost: false, status: 'active' };

/** Feeds keys: a string is typed text, an object a special key (with its input). */
function press(keys: (string | [string, KeyInfo])[], ctx = HOST, state: InputState = EMPTY_INPUT) {
  const commands = [];
  for (const k of keys) {
    const [input, key] = typeof k === 'string' ? [k, {}] : k;
    const result = handleKey(state, input, key, ctx);
    state = result.state;
    if (result.command) commands.push(result.command);
  }
  return { state, commands };
}

const ENTER: [string, KeyInfo] = ['\r', { return: true }];
const ctrl = (letter: string): [string, KeyInfo] => [letter, { ctrl: true }];

describe('handleKey', () => {
  it('types and sends a chat line with Enter, trimmed', () => {
    const { state, commands } = press(['h', 'i', ' ', ENTER]);
    expect(commands).toEqual([{ type: 'chat', text: 'hi' }]);
    expect(state.text).toBe('');
  });

  it('quits on q with an empty line, on Ctrl+C always', () => {
    expect(press(['q']).commands).toEqual([{ type: 'quit' }]);
    expect(press(['a', ctrl('c')]).commands).toEqual([{ type: 'quit' }]);
  });

  it('types q inside a message, or after Enter or Tab on an empty line', () => {
    expect(press(['a', 'q', ENTER]).commands).toEqual([{ type: 'chat', text: 'aq' }]);
    expect(press([ENTER, 'q', ENTER]).commands).toEqual([{ type: 'chat', text: 'q' }]);
    expect(press([['\t', { tab: true }], 'q']).state).toMatchObject({ text: 'q', focused: true });
  });

  it('edits: backspace (and delete, which some terminals send), Esc clears, pastes whole', () => {
    expect(press(['a', 'b', ['', { backspace: true }]]).state.text).toBe('a');
    expect(press(['a', 'b', ['', { delete: true }]]).state.text).toBe('a');
    expect(press(['abc', ['', { escape: true }]]).state).toEqual(EMPTY_INPUT);
    expect(press(['hello\u0007 world']).state.text).toBe('hello world');
    expect(press(['x'.repeat(LIMITS.chatMaxChars + 10)]).state.text).toHaveLength(
      LIMITS.chatMaxChars,
    );
  });

  it('sends a pasted line that ends with its Enter (as a terminal multiplexer delivers it)', () => {
    const pasted = press(['Hello from the guest\r']);
    expect(pasted.commands).toEqual([{ type: 'chat', text: 'Hello from the guest' }]);
    expect(pasted.state.text).toBe('');
    expect(press(['Dr ', 'Lin here\n']).commands).toEqual([{ type: 'chat', text: 'Dr Lin here' }]);
  });

  it('sends nothing for an empty or blank line', () => {
    expect(press([ENTER, ' ', ENTER]).commands).toEqual([]);
  });

  it('gives the host start, pause/resume, and stop/reset behind a y/N confirmation', () => {
    expect(press([ctrl('s')]).commands).toEqual([{ type: 'control', action: 'start' }]);
    expect(press([ctrl('p')]).commands).toEqual([{ type: 'control', action: 'pause' }]);
    expect(press([ctrl('p')], { isHost: true, status: 'paused' }).commands).toEqual([
      { type: 'control', action: 'resume' },
    ]);
    expect(press([ctrl('p')], { isHost: true, status: 'idle' }).commands[0]).toMatchObject({
      type: 'notice',
    });
    const asking = press([ctrl('x')]);
    expect(asking.state.confirm).toBe('stop');
    expect(asking.commands).toEqual([]);
    expect(press([ctrl('x'), 'y']).commands).toEqual([{ type: 'control', action: 'stop' }]);
    expect(press([ctrl('r'), 'Y']).commands).toEqual([{ type: 'reset' }]);
    const declined = press([ctrl('x'), 'n']);
    expect(declined.commands).toEqual([{ type: 'notice', text: 'Not stopped.' }]);
    expect(declined.state.confirm).toBeNull();
  });

  it('keeps the chat line while a confirmation is asked', () => {
    const { state, commands } = press(['draft', ctrl('r'), 'n', ENTER]);
    expect(commands).toEqual([
      { type: 'notice', text: 'Not reset.' },
      { type: 'chat', text: 'draft' },
    ]);
    expect(state.text).toBe('');
  });

  it('tells others that host keys are the host’s, and ignores other Ctrl keys', () => {
    expect(press([ctrl('s')], GUEST).commands).toEqual([
      { type: 'notice', text: 'Only the host controls the simulation.' },
    ]);
    expect(press([ctrl('x')], GUEST).state.confirm).toBeNull();
    expect(press([ctrl('a'), ['', { upArrow: true }]]).commands).toEqual([]);
  });
});
