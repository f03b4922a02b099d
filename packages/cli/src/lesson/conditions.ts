import type { PresenceEntry, SessionStatus } from '@scrubin/protocol';
import type { Condition } from './schema.js';
import { compare } from './values.js';

/** What conditions look at: the handle's presence and status. */
export interface SessionView {
  participants: readonly PresenceEntry[];
  status: SessionStatus | undefined;
  selfId: string | undefined;
}

/** Whether every part of the condition holds. */
export function conditionHolds(c: Condition, view: SessionView): boolean {
  const online = view.participants.filter((p) => p.online);
  if (c.participants && !compare(online.length, c.participants)) return false;
  if (c.role && !online.some((p) => p.role === c.role && p.userId !== view.selfId)) return false;
  if (c.status && view.status !== c.status) return false;
  return true;
}

/** What the condition's parts are now, for timeout messages: `1 online, no online assistant`. */
export function describeActual(c: Condition, view: SessionView): string {
  const online = view.participants.filter((p) => p.online);
  const parts: string[] = [];
  if (c.participants) parts.push(`${online.length} online`);
  if (c.role) {
    const n = online.filter((p) => p.role === c.role && p.userId !== view.selfId).length;
    parts.push(n === 0 ? `no online ${c.role}` : `${n} online ${c.role}${n > 1 ? 's' : ''}`);
  }
  if (c.status) parts.push(`status ${view.status ?? 'unknown'}`);
  return parts.join(', ');
}
