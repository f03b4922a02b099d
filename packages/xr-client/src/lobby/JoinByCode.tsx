import { useId, useRef, useState, type FormEvent } from 'react';
import type { JoinRole } from '@scrubin/protocol';
import { ErrorMessage } from './ErrorMessage.js';
import { RoleSelect } from './RoleSelect.js';
import { parseJoinInput } from './join-input.js';

/** Join by typing a code (any case, dash optional) or pasting a share link. */
export function JoinByCode(props: {
  pending: boolean;
  error?: string;
  onJoin(identifier: string, role: JoinRole): void;
  onInvalid(message: string): void;
}) {
  const [value, setValue] = useState('');
  const [role, setRole] = useState<JoinRole>('assistant');
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (props.pending) return;
    const parsed = parseJoinInput(value);
    if (!parsed.ok) {
      props.onInvalid(parsed.message);
      input.current?.focus();
      return;
    }
    props.onJoin(parsed.identifier, role);
  };

  return (
    <form className="form join-code" onSubmit={submit} noValidate aria-labelledby={`${ids}-h`}>
      <h3 id={`${ids}-h`}>With a code or link</h3>
      <label className="field">
        <span>Code or share link</span>
        <input
          ref={input}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="ABCD-2345"
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={300}
          aria-invalid={Boolean(props.error)}
          aria-describedby={`${ids}-hint${props.error ? ` ${ids}-err` : ''}`}
          data-testid="join-code"
        />
        <small id={`${ids}-hint`} className="hint">
          8 characters from the host, in any case, with or without the dash. Invite-only sessions
          are joined this way.
        </small>
      </label>
      <RoleSelect value={role} onChange={setRole} testId="join-role" />
      <ErrorMessage message={props.error} id={`${ids}-err`} />
      <button
        type="submit"
        className="primary"
        aria-disabled={props.pending}
        data-testid="join-submit"
      >
        {props.pending ? 'Joining…' : 'Join session'}
      </button>
    </form>
  );
}
