import { ROLES, type PresenceEntry, type Role } from '@scrubin/protocol';
import { useState } from 'react';
import { userColor } from '../scene/user-color.js';
import { ROLE_LABELS } from './labels.js';
import { useBusyAction } from './use-busy-action.js';

/** Host actions on a participant (REST). */
export interface ParticipantActions {
  changeRole(userId: string, role: Role): Promise<void>;
  remove(userId: string): Promise<void>;
}

function ParticipantRow(props: {
  participant: PresenceEntry;
  self: boolean;
  host: boolean;
  speaking: boolean;
  actions: ParticipantActions | undefined;
  onError: (message: string) => void;
}) {
  const { participant: p, self, host, speaking, actions, onError } = props;
  const [confirming, setConfirming] = useState(false);
  const action = useBusyAction(onError);
  const busy = action.busy;
  const run = (work: () => Promise<void>) => action.run(work).finally(() => setConfirming(false));
  const roleId = `role-${p.userId}`;
  return (
    <li
      className="participant"
      data-testid={`participant-${p.userId}`}
      data-online={p.online}
      data-role={p.role}
      data-speaking={speaking}
    >
      <span
        className="participant__swatch"
        style={{ background: userColor(p.userId) }}
        aria-hidden
      />
      <span className="participant__name">
        {p.name}
        {self && <span className="participant__tag"> (you)</span>}
        {host && <span className="participant__tag"> · host</span>}
      </span>
      {speaking && (
        <span className="participant__speaking" data-testid={`participant-speaking-${p.userId}`}>
          speaking
        </span>
      )}
      <span className={`participant__presence participant__presence--${p.online ? 'on' : 'off'}`}>
        {p.online ? 'online' : 'away'}
      </span>
      {actions && !host ? (
        <span className="participant__actions">
          <label className="visually-hidden" htmlFor={roleId}>
            Role of {p.name}
          </label>
          <select
            id={roleId}
            value={p.role}
            disabled={busy}
            data-testid={`participant-role-${p.userId}`}
            onChange={(e) => void run(() => actions.changeRole(p.userId, e.target.value as Role))}
          >
            {ROLES.filter((r) => r !== 'surgeon' || p.role === 'surgeon').map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          {confirming ? (
            <>
              <button
                type="button"
                className="button button--danger button--small"
                disabled={busy}
                data-testid={`participant-remove-confirm-${p.userId}`}
                onClick={() => void run(() => actions.remove(p.userId))}
              >
                Remove {p.name}
              </button>
              <button
                type="button"
                className="button button--quiet button--small"
                onClick={() => setConfirming(false)}
              >
                Cancel
              </button>
            </>
          ) : (
            <button
              type="button"
              className="button button--quiet button--small"
              disabled={busy}
              data-testid={`participant-remove-${p.userId}`}
              onClick={() => setConfirming(true)}
            >
              Remove
            </button>
          )}
        </span>
      ) : (
        <span className="participant__role">{ROLE_LABELS[p.role]}</span>
      )}
    </li>
  );
}

/** Who is here, with role and presence; the host can change roles and remove people. */
export function ParticipantsPanel(props: {
  participants: readonly PresenceEntry[];
  selfId: string;
  hostId: string;
  /** Given to the host only. */
  actions?: ParticipantActions;
  /** User ids speaking now (voice). */
  speaking?: ReadonlySet<string>;
  onError: (message: string) => void;
}) {
  const { participants, selfId, hostId, actions, speaking, onError } = props;
  return (
    <section className="panel" aria-labelledby="participants-heading">
      <h2 id="participants-heading" className="panel__heading">
        Participants <span className="panel__count">({participants.length})</span>
      </h2>
      <ul className="participants" data-testid="participants">
        {participants.map((p) => (
          <ParticipantRow
            key={p.userId}
            participant={p}
            self={p.userId === selfId}
            host={p.userId === hostId}
            speaking={speaking?.has(p.userId) ?? false}
            actions={actions}
            onError={onError}
          />
        ))}
      </ul>
    </section>
  );
}
