import {
  ScrubinError,
  identifierFromInput,
  isSessionId,
  isUniqueLink,
  normalizeShareCode,
} from '@scrubin/protocol';
import type { ScrubinClient, SessionSummary } from '@scrubin/sdk';
import { CliError } from './errors.js';
import { EXIT } from './exit-codes.js';

/** What a session argument turned out to be. */
export type SessionInput =
  | { kind: 'session-id'; sessionId: string }
  /** A share code, canonical (8 characters, upper case, no dash). */
  | { kind: 'code'; code: string }
  /** A link token, taken from a full share URL when one was given. */
  | { kind: 'link'; link: string };

/** Usage hint shown when a session argument is malformed. */
export const SESSION_ARGUMENT_HINT =
  'Pass a session id (session_…), a share code (ABCD-2345, any case, dash optional), a link token or a share URL.';

/**
 * Classifies a session argument without a round trip, or returns null when it cannot be one.
 * @example parseSessionInput('abcd-2345') // { kind: 'code', code: 'ABCD2345' }
 */
export function parseSessionInput(input: string): SessionInput | null {
  const trimmed = input.trim();
  if (isSessionId(trimmed)) return { kind: 'session-id', sessionId: trimmed };
  const identifier = identifierFromInput(trimmed);
  if (isUniqueLink(identifier)) return { kind: 'link', link: identifier };
  const code = normalizeShareCode(identifier);
  if (code !== null) return { kind: 'code', code };
  return null;
}

/**
 * Resolves a session argument to the session and, for codes and links, its public summary.
 * A session id is returned as is (no round trip); whether it exists is for the next call to say.
 * @throws CliError exit 1 for a malformed argument, exit 2 when no session matches the code or link.
 */
export async function resolveSession(
  client: Pick<ScrubinClient, 'previewSession'>,
  input: string,
): Promise<{ sessionId: string; preview?: SessionSummary }> {
  const parsed = parseSessionInput(input);
  if (parsed === null) {
    throw new CliError(
      `Not a session id, share code, link token or share URL: ${JSON.stringify(input)}`,
      EXIT.USAGE,
      SESSION_ARGUMENT_HINT,
    );
  }
  if (parsed.kind === 'session-id') return { sessionId: parsed.sessionId };
  const identifier = parsed.kind === 'code' ? parsed.code : parsed.link;
  try {
    const preview = await client.previewSession(identifier);
    return { sessionId: preview.sessionId, preview };
  } catch (err) {
    if (
      err instanceof ScrubinError &&
      (err.code === 'SESSION_NOT_FOUND' || err.code === 'NOT_FOUND')
    ) {
      throw new CliError(
        `No session matches the ${parsed.kind === 'code' ? 'code' : 'link'} ${input.trim()}`,
        EXIT.REFUSED,
        'Check it for typos; the host may also have replaced it (`scrubin rotate`).',
      );
    }
    throw err;
  }
}

/**
 * The session id for a session argument: a session id, a share code (any case, with or without
 * the dash), a link token or a full share URL. Codes and links are looked up with `previewSession`.
 * @throws CliError exit 1 for a malformed argument, exit 2 when no session matches the code or link.
 * @example
 * const sessionId = await resolveSessionId(await ctx.client(), 'k7qm4xrt');
 */
export async function resolveSessionId(
  client: Pick<ScrubinClient, 'previewSession'>,
  input: string,
): Promise<string> {
  return (await resolveSession(client, input)).sessionId;
}
