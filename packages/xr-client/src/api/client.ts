import { createScrubinClient, type ScrubinClient } from '@scrubin/sdk';

const TOKEN_KEY = 'scrubin.token';

/** The platform's origin: the page is served by it. */
export const SERVER_URL = window.location.origin;

/** One SDK client for the page, its token kept in localStorage across reloads. */
export const client: ScrubinClient = createScrubinClient({
  baseUrl: SERVER_URL,
  token: localStorage.getItem(TOKEN_KEY) ?? undefined,
});

/** Remembers (or forgets, with null) the signed-in token. */
export function rememberToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  client.token = token ?? undefined;
}
