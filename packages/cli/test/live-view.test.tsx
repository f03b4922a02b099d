/**
 * The `scrubin join` view with ink-testing-library: first from a scripted sequence of SDK-shaped
 * events (what the view shows, what its keys do), then the real join flow against a real server
 * with a real LiveSession.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import {
  SEQUENCED_EVENT_NAMES,
  type ControlAction,
  type PresenceEntry,
  type ScorePayload,
  type SequencedEvent,
  type SequencedPayloads,
  type SequencedType,
  type SessionStatus,
} from '@scrubin/protocol';
import type { LiveSession } from '@scrubin/sdk';
import { joinLive } from '../src/commands/live.js';
import { createLiveStore, type LiveSource } from '../src/ui/live-store.js';
import { LiveApp, type LiveActions } from '../src/ui/live-view.js';
import { useCliServer } from './helpers.js';

const HOST_ID = 'u-host';
const ME = 'u-me';

/** A stand-in for a joined LiveSession that emits what the test scripts, in `seq` order. */
class ScriptedSession {
  readonly #emitter = new EventEmitter();
  #seq = 40;
  status: SessionStatus = 'idle';
  participants: PresenceEntry[] = [
    { userId: HOST_ID, name: 'Dr Ada Lin', role: 'surgeon', online: true },
    { userId: ME, name: 'Bo Chen', role: 'assistant', online: true },
  ];
  readonly role = 'assistant' as const;
  readonly session = {
    title: 'Suturing drill',
    scenario: 'interrupted-suture',
    shareableCode: 'K7QM4XRT',
    creatorId: HOST_ID,
    duration: 0,
    status: 'idle',
  };
  constructor(readonly userId: string) {}

  on(event: string, handler: (payload: unknown) => void) {
    this.#emitter.on(event, handler);
    return () => void this.#emitter.off(event, handler);
  }

  /** Delivers one sequenced event the way the SDK does (named event, then `sequenced`). */
  deliver<T extends SequencedType>(type: T, userId: string, body: SequencedPayloads[T]) {
    const event = {
      ...body,
      sessionId: 's1',
      seq: ++this.#seq,
      tick: 0,
      userId,
      at: new Date().toISOString(),
    } as SequencedEvent<T>;
    this.#emitter.emit(SEQUENCED_EVENT_NAMES[type], event);
    this.#emitter.emit('sequenced', {
      type,
      name: SEQUENCED_EVENT_NAMES[type],
      event,
      source: 'live',
    });
  }

  emit(
    event: 'reconnecting' | 'resync' | 'reconnected' | 'disconnected' | 'surgery:score',
    payload: unknown,
  ) {
    this.#emitter.emit(event, payload);
  }

  asSource(): LiveSource {
    return this as unknown as LiveSource;
  }
}

/** Actions that record what the view asked for. */
function recordingActions() {
  const calls: string[] = [];
  const actions: LiveActions = {
    chat: vi.fn(async (text: string) => calls.push(`chat:${text}`)),
    control: vi.fn(async (action: ControlAction) => calls.push(`control:${action}`)),
    reset: vi.fn(async () => calls.push('reset')),
  };
  return { calls, actions };
}

function mount(selfId: string, actions = recordingActions().actions) {
  const session = new ScriptedSession(selfId);
  const store = createLiveStore(session.asSource());
  const onExit = vi.fn();
  const view = render(
    <LiveApp store={store} actions={actions} color={false} tickMs={0} onExit={onExit} />,
  );
  const frame = () => view.lastFrame() ?? '';
  return { session, store, view, frame, onExit };
}

/** Lets ink attach its input handler (an effect) before keys are written. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

afterEach(() => cleanup());

describe('live view (scripted events)', () => {
  it('shows the header, participants with roles and presence, and a summarized feed', async () => {
    const { session, frame } = mount(ME);
    expect(frame()).toContain('Suturing drill');
    expect(frame()).toContain('interrupted-suture · code K7QM-4XRT');
    expect(frame()).toMatch(/idle\s+active 0:00\s+you: Bo Chen \(assistant\)/);
    expect(frame()).toContain('● Dr Ada Lin · surgeon · host');
    expect(frame()).toContain('● Bo Chen (you) · assistant');
    expect(frame()).toContain('Nothing yet.');

    session.deliver('participant-joined', 'u-cy', { name: 'Cy Park', role: 'observer' });
    session.deliver('simulation-state', HOST_ID, {
      status: 'active',
      action: 'start',
      durationS: 0,
    });
    session.deliver('tool-selected', ME, { tool: 'scalpel' });
    session.deliver('tool-interaction', ME, {
      tool: 'scalpel',
      action: 'pose',
      pose: { positionUm: [0, 0, 0], rotationQ: [0, 0, 0, 32767] },
    });
    session.deliver('tissue-update', ME, {
      tool: 'scalpel',
      action: 'cut',
      pointsUm: [
        [0, 0, 0],
        [20000, 0, 0],
      ],
      forceMn: 1500,
    });
    session.deliver('chat-message', HOST_ID, { name: 'Dr Ada Lin', text: 'Steady hand.' });
    session.deliver('participant-left', 'u-cy', { reason: 'disconnected' });
    session.deliver('participant-updated', ME, { role: 'observer' });

    await vi.waitFor(() => expect(frame()).toContain('Dr Ada Lin: Steady hand.'));
    const f = frame();
    expect(f).toMatch(/active\s+active 0:0\d\s+you: Bo Chen \(observer\)/);
    expect(f).toContain('Participants (3)');
    expect(f).toContain('○ Cy Park · observer · offline');
    expect(f).toContain('● Bo Chen (you) · observer');
    for (const line of [
      'Cy Park joined as observer',
      'Dr Ada Lin started the simulation',
      'Bo Chen picked up the scalpel',
      'Bo Chen cut with the scalpel (2 cm path, 1.5 N)',
      'Cy Park disconnected (seat held)',
      'Bo Chen is now observer',
    ]) {
      expect(f).toContain(line);
    }
    expect(f).not.toContain('pose');
  });

  it('sends the typed chat line on Enter through the passed callback', async () => {
    const { calls, actions } = recordingActions();
    const { view, frame } = mount(ME, actions);
    await settle();
    view.stdin.write('Ready when you are');
    await vi.waitFor(() => expect(frame()).toContain('> Ready when you are'));
    expect(frame()).toContain('Enter send · Esc clear');
    expect(frame()).not.toContain('q/Ctrl+C quit');
    view.stdin.write('\r');
    await vi.waitFor(() => expect(calls).toEqual(['chat:Ready when you are']));
    // The line empties and keeps the focus for the next message; Esc leaves it.
    await vi.waitFor(() => expect(frame()).not.toContain('Ready when you are'));
    view.stdin.write('\u001b');
    await vi.waitFor(() => expect(frame()).toContain('> type a message, Enter sends'));
  });

  it('shows host keys in the footer only to the host', () => {
    const guest = mount(ME);
    expect(guest.frame()).toContain('q/Ctrl+C quit');
    expect(guest.frame()).not.toContain('Ctrl+S');
    const host = mount(HOST_ID);
    expect(host.frame()).toContain(
      'Ctrl+S start · Ctrl+P pause/resume · Ctrl+X stop · Ctrl+R reset · q/Ctrl+C quit',
    );
    expect(host.frame()).toContain('you: Dr Ada Lin (assistant, host)');
  });

  it('runs host keys, asking before stop and reset', async () => {
    const { calls, actions } = recordingActions();
    const { view, frame, session } = mount(HOST_ID, actions);
    await settle();
    view.stdin.write('\u0013'); // Ctrl+S
    await vi.waitFor(() => expect(calls).toEqual(['control:start']));
    session.deliver('simulation-state', HOST_ID, {
      status: 'active',
      action: 'start',
      durationS: 0,
    });
    view.stdin.write('\u0010'); // Ctrl+P
    await vi.waitFor(() => expect(calls).toEqual(['control:start', 'control:pause']));
    view.stdin.write('\u0018'); // Ctrl+X
    await vi.waitFor(() =>
      expect(frame()).toContain('Stop the simulation and end the session for everyone? (y/N)'),
    );
    view.stdin.write('n');
    await vi.waitFor(() => expect(frame()).toContain('Not stopped.'));
    view.stdin.write('\u0012'); // Ctrl+R
    await vi.waitFor(() => expect(frame()).toContain('Reset the simulation for everyone? (y/N)'));
    view.stdin.write('y');
    view.stdin.write('\u0018');
    await vi.waitFor(() => expect(frame()).toContain('(y/N)'));
    view.stdin.write('y');
    await vi.waitFor(() =>
      expect(calls).toEqual(['control:start', 'control:pause', 'reset', 'control:stop']),
    );
  });

  it('tells a guest that host keys are for the host, and reports failed actions', async () => {
    const actions: LiveActions = {
      chat: () =>
        Promise.reject(
          Object.assign(new Error('x'), { code: 'RATE_LIMITED', message: 'Too many messages' }),
        ),
      control: vi.fn(),
      reset: vi.fn(),
    };
    const { view, frame } = mount(ME, actions);
    await settle();
    view.stdin.write('\u0013');
    await vi.waitFor(() => expect(frame()).toContain('Only the host controls the simulation.'));
    expect(actions.control).not.toHaveBeenCalled();
    view.stdin.write('hi');
    await vi.waitFor(() => expect(frame()).toContain('> hi'));
    view.stdin.write('\r');
    await vi.waitFor(() => expect(frame()).toContain('Too many messages (RATE_LIMITED)'));
  });

  it('shows a reconnecting banner while the SDK reconnects', async () => {
    const { session, frame } = mount(ME);
    expect(frame()).not.toContain('Reconnecting');
    session.emit('reconnecting', { reason: 'transport close' });
    await vi.waitFor(() => expect(frame()).toContain('Reconnecting… (transport close)'));
    session.participants = [{ userId: ME, name: 'Bo Chen', role: 'assistant', online: true }];
    session.emit('reconnected', { lastSeq: 45, missed: 2 });
    await vi.waitFor(() => expect(frame()).not.toContain('Reconnecting'));
    expect(frame()).toContain('Reconnected (caught up on 2 events)');
    expect(frame()).toContain('Participants (1)');
  });

  it('says the log was restored, and shows the rebuilt feed once, until caught up', async () => {
    const { session, frame } = mount(ME);
    session.deliver('chat-message', HOST_ID, { name: 'Dr Ada Lin', text: 'Lost line.' });
    await vi.waitFor(() => expect(frame()).toContain('Lost line.'));
    session.emit('reconnecting', { reason: 'transport close' });
    session.emit('resync', { deliveredSeq: 41, serverSeq: 12 });
    await vi.waitFor(() =>
      expect(frame()).toContain(
        "The server's log was restored; rebuilding the session from its start…",
      ),
    );
    expect(frame()).not.toContain('Lost line.');
    expect(frame()).not.toContain('Reconnecting');
    session.deliver('chat-message', HOST_ID, { name: 'Dr Ada Lin', text: 'Kept line.' });
    session.emit('reconnected', { lastSeq: 42, missed: 1 });
    await vi.waitFor(() => expect(frame()).toContain('Reconnected; rebuilt from'));
    // The banner is gone; the feed keeps its line about the restore.
    expect(frame()).not.toContain('from its start…');
    expect(frame().match(/Kept line\./g)).toHaveLength(1);
  });

  it('shows the score when surgery:score arrives', async () => {
    const { session, frame } = mount(ME);
    session.deliver('simulation-state', HOST_ID, {
      status: 'completed',
      action: 'stop',
      durationS: 65,
    });
    const score: ScorePayload = {
      sessionId: 's1',
      score: 91.6,
      finalHash: '0123456789abcdef',
      participants: [
        { userId: ME, name: 'Bo Chen', role: 'assistant', total: 91.6, pass: true, subScores: {} },
      ],
    };
    session.emit('surgery:score', score);
    await vi.waitFor(() => expect(frame()).toContain('Scored 92/100: Bo Chen 92 pass'));
    expect(frame()).toMatch(/completed\s+active 1:05 .*score 92/);
  });

  it('quits on q (with an empty chat line) and when the handle closes', async () => {
    const a = mount(ME);
    await settle();
    a.view.stdin.write('q');
    await vi.waitFor(() => expect(a.onExit).toHaveBeenCalledWith('quit'));
    const b = mount(ME);
    b.session.emit('disconnected', { reason: 'removed' });
    await vi.waitFor(() => expect(b.onExit).toHaveBeenCalledWith('closed'));
    expect(b.store.getState().connection).toBe('closed');
  });
});

describe('live view (real server, real LiveSession)', () => {
  const fx = useCliServer();

  it('joins by code, follows the session live and sends chat from the input line', async () => {
    const [ada, bo] = await Promise.all([fx.user('Dr Ada Lin'), fx.user('Bo Chen')]);
    const host = ada.sdk();
    const { session } = await host.createSession({
      title: 'Live view drill',
      scenario: 'skin-incision',
    });
    const hostLive = await host.join(session.sessionId);
    const heard: string[] = [];
    hostLive.on('surgery:chat-message', (e) => heard.push(`${e.name}: ${e.text}`));

    // What `scrubin join <code> --role assistant` does before it renders.
    const { live, store } = await joinLive(
      bo.sdk(),
      session.shareableCode.toLowerCase(),
      'assistant',
    );
    const onExit = vi.fn();
    const view = render(
      <LiveApp store={store} actions={live} color={false} tickMs={0} onExit={onExit} />,
    );
    const frame = () => view.lastFrame() ?? '';
    try {
      expect(frame()).toContain('Live view drill');
      expect(frame()).toContain('● Dr Ada Lin · surgeon · host');
      expect(frame()).toContain('● Bo Chen (you) · assistant');
      expect(frame()).not.toContain('Ctrl+S');

      await hostLive.chat('Welcome, Bo');
      await hostLive.control('start');
      await vi.waitFor(() => expect(frame()).toContain('Dr Ada Lin: Welcome, Bo'));
      await vi.waitFor(() => expect(frame()).toContain('Dr Ada Lin started the simulation'));
      expect(frame()).toMatch(/active\s+active \d:\d\d/);

      await settle();
      view.stdin.write('Scalpel ready');
      view.stdin.write('\r');
      await vi.waitFor(() => expect(heard).toContain('Bo Chen: Scalpel ready'));
      // Own actions are in the stream too (delivered from the ack).
      await vi.waitFor(() => expect(frame()).toContain('Bo Chen: Scalpel ready'));

      await live.selectTool('scalpel');
      await vi.waitFor(() => expect(frame()).toContain('Bo Chen picked up the scalpel'));

      await hostLive.control('stop');
      await vi.waitFor(() => expect(frame()).toContain('Dr Ada Lin stopped the simulation'));
      expect(frame()).toContain('completed');
      await vi.waitFor(() => expect(frame()).toMatch(/Scored/), { timeout: 20_000 });

      view.stdin.write('\u001b'); // leave the chat line, then q quits
      await settle();
      view.stdin.write('q');
      await vi.waitFor(() => expect(onExit).toHaveBeenCalledWith('quit'));
    } finally {
      store.dispose();
      (live as LiveSession).close();
      hostLive.close();
    }
  });
});
