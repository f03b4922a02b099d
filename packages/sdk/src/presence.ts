import type { PresenceEntry, Role, SequencedEvent, SequencedType } from '@scrubin/protocol';

/**
 * Who is in the session, kept from the join ack and the participant events that follow it.
 * Pure: fed in `seq` order by the session handle.
 */
export class PresenceView {
  readonly #byUserId = new Map<string, PresenceEntry>();

  /** Replaces everything with the list of a join ack. */
  reset(entries: readonly PresenceEntry[]): void {
    this.#byUserId.clear();
    for (const entry of entries) this.#byUserId.set(entry.userId, { ...entry });
  }

  /** Applies one sequenced event; events other than participant ones are ignored. */
  apply<T extends SequencedType>(type: T, event: SequencedEvent<T>): void {
    const { userId } = event;
    if (type === 'participant-joined') {
      const { name, role } = event as SequencedEvent<'participant-joined'>;
      this.#byUserId.set(userId, { userId, name, role, online: true });
    } else if (type === 'participant-left') {
      const { reason } = event as SequencedEvent<'participant-left'>;
      const entry = this.#byUserId.get(userId);
      if (reason === 'disconnected' && entry !== undefined) entry.online = false;
      else this.#byUserId.delete(userId);
    } else if (type === 'participant-updated') {
      const entry = this.#byUserId.get(userId);
      if (entry !== undefined) entry.role = (event as SequencedEvent<'participant-updated'>).role;
    }
  }

  /** The role of a user, if present. */
  roleOf(userId: string): Role | undefined {
    return this.#byUserId.get(userId)?.role;
  }

  /** A snapshot, in order of arrival. */
  list(): PresenceEntry[] {
    return [...this.#byUserId.values()].map((entry) => ({ ...entry }));
  }
}
