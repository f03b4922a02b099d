import type { JoinRole } from '@scrubin/protocol';

/** Choice of the role to join as: assistant (uses instruments) or observer (watches, chats). */
export function RoleSelect(props: {
  value: JoinRole;
  onChange(role: JoinRole): void;
  testId: string;
  label?: string;
}) {
  return (
    <label className="field">
      <span>{props.label ?? 'Join as'}</span>
      <select
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as JoinRole)}
        data-testid={props.testId}
      >
        <option value="assistant">Assistant: uses instruments</option>
        <option value="observer">Observer: watches and chats</option>
      </select>
    </label>
  );
}
