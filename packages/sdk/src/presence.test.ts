import { describe, expect, it } from 'vitest';
import type { SequencedEvent, SequencedPayloads, SequencedType } from '@scrubin/protocol';
import { PresenceView } from './presence.js';

const ev = <T extends SequencedType>(userId: string, body: SequencedPayloads[T]) =>
  ({ sessionId: 's', seq: 1, tick: 0, userId, at: '', ...body }) as SequencedEvent<T>;

describe('PresenceView', () => {
  it('follows joins, role changes, drops and departures', () => {
    const view = new PresenceView();
    view.reset([{ userId: 'h', name: 'Host', role: 'surgeon', online: true }]);
    view.apply(
      'participant-joined',
      ev<'participant-joined'>('a', { name: 'A', role: 'assistant' }),
    );
    view.apply(
      'participant-joined',
      ev<'participant-joined'>('b', { name: 'B', role: 'observer' }),
    );
    view.apply('participant-updated', ev<'participant-updated'>('a', { role: 'observer' }));
    view.apply('participant-left', ev<'participant-left'>('b', { reason: 'disconnected' }));
    view.apply('chat-message', ev<'chat-message'>('h', { name: 'Host', text: 'hi' }));
    expect(view.list()).toEqual([
      { userId: 'h', name: 'Host', role: 'surgeon', online: true },
      { userId: 'a', name: 'A', role: 'observer', online: true },
      { userId: 'b', name: 'B', role: 'observer', online: false },
    ]);
    view.apply(
      'participant-joined',
      ev<'participant-joined'>('b', { name: 'B', role: 'observer' }),
    );
    view.apply('participant-left', ev<'participant-left'>('a', { reason: 'removed' }));
    view.apply('participant-left', ev<'participant-left'>('h', { reason: 'left' }));
    expect(view.list()).toEqual([{ userId: 'b', name: 'B', role: 'observer', online: true }]);
    expect(view.roleOf('b')).toBe('observer');
    expect(view.roleOf('a')).toBeUndefined();
  });

  it('hands out copies', () => {
    const view = new PresenceView();
    view.reset([{ userId: 'h', name: 'Host', role: 'surgeon', online: true }]);
    view.list()[0]!.role = 'observer';
    expect(view.roleOf('h')).toBe('surgeon');
  });
});
