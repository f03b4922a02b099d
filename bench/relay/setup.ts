/**
 * Who is in which session. For the bare relay the ids are made up; for the real server every
 * user registers over REST, each session's host creates it and the others join it by code
 * (setup, not measured).
 */

/** One simulated participant. */
export interface Member {
  userId: string;
  name: string;
  /** JWT for the real server; absent for the bare relay. */
  token?: string;
  /** The host (creator, `surgeon`) starts the simulation. */
  isHost: boolean;
}

/** One session and its members, host first. */
export interface SessionPlan {
  sessionId: string;
  members: Member[];
}

/** Synthetic sessions for the bare relay. */
export function bareSessions(sessions: number, users: number): SessionPlan[] {
  return Array.from({ length: sessions }, (_, s) => ({
    sessionId: `bench-${s}`,
    members: Array.from({ length: users }, (_, u) => ({
      userId: `user-${s}-${u}`,
      name: `S${s} U${u}`,
      isHost: u === 0,
    })),
  }));
}

/** Registers `sessions × users` users, creates the sessions and fills them over REST. */
export async function appSessions(
  url: string,
  sessions: number,
  users: number,
  concurrency = 8,
): Promise<SessionPlan[]> {
  const runId = Date.now().toString(36);
  const register = async (s: number, u: number): Promise<Member> => {
    const name = `S${s} U${u}`;
    const body = await rest<{ token: string; user: { id: string } }>(
      url,
      'POST',
      '/api/auth/register',
      {
        body: { email: `bench-${runId}-${s}-${u}@bench.invalid`, password: 'bench-password', name },
        expect: 201,
      },
    );
    return { userId: body.user.id, name, token: body.token, isHost: u === 0 };
  };
  const people = await mapLimit(sessions * users, concurrency, (i) =>
    register(Math.floor(i / users), i % users),
  );
  return mapLimit(sessions, concurrency, async (s) => {
    const members = people.slice(s * users, (s + 1) * users);
    const host = members[0]!;
    const created = await rest<{ session: { sessionId: string; shareableCode: string } }>(
      url,
      'POST',
      '/api/simulations/sessions',
      {
        token: host.token,
        body: { title: `Relay bench ${s}`, scenario: 'skin-incision', maxParticipants: users },
        expect: 201,
      },
    );
    for (const member of members.slice(1)) {
      await rest(url, 'POST', `/api/simulations/sessions/join/${created.session.shareableCode}`, {
        token: member.token,
        body: { role: 'assistant' },
        expect: 200,
      });
    }
    return { sessionId: created.session.sessionId, members };
  });
}

async function rest<T = unknown>(
  url: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; expect: number },
): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (response.status !== options.expect) {
    throw new Error(`${method} ${path} → ${response.status} (wanted ${options.expect}): ${text}`);
  }
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs `fn(0…count-1)` with at most `limit` in flight; results in index order. */
export async function mapLimit<T>(
  count: number,
  limit: number,
  fn: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
