import type { User } from '../app/types.js';

/** The lobby's top bar: who is signed in, and the way out. */
export function LobbyHeader(props: { user: User; onSignOut(): void }) {
  return (
    <header className="lobby-header">
      <h1 className="brand">Scrub In</h1>
      <p className="signed-in">
        Signed in as <strong>{props.user.name}</strong>
      </p>
      <button type="button" onClick={props.onSignOut} data-testid="signout">
        Sign out
      </button>
    </header>
  );
}
