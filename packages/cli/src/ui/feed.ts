import type {
  ParticipantScore,
  ScorePayload,
  SequencedEvent,
  SequencedType,
  Tool,
} from '@scrubin/protocol';

/** What a feed line is about; the view picks its colour from it. */
export type FeedKind =
  'presence' | 'role' | 'control' | 'tool' | 'tissue' | 'chat' | 'score' | 'notice' | 'error';

/** One line of the live event feed. */
export interface FeedLine {
  /** Unique within a feed: `seq:<n>` for sequenced events, else a counter. */
  key: string;
  kind: FeedKind;
  /** Wall-clock time, `HH:MM:SS` (local), empty when unknown. */
  time: string;
  text: string;
}

/** Looks a user's display name up (falls back to a short id). */
export type NameOf = (userId: string) => string;

/** A sequenced event with its type, as the SDK's `sequenced` handler receives it. */
export interface TypedEvent<T extends SequencedType = SequencedType> {
  type: T;
  event: SequencedEvent<T>;
}

const TOOL_NAMES: Record<Tool, string> = {
  scalpel: 'scalpel',
  forceps: 'forceps',
  'needle-driver': 'needle driver',
  scissors: 'scissors',
  cautery: 'cautery',
  retractor: 'retractor',
};

const CONTROL_VERBS = {
  start: 'started the simulation',
  pause: 'paused the simulation',
  resume: 'resumed the simulation',
  stop: 'stopped the simulation',
  end: 'ended the session',
  reset: 'reset the simulation',
} as const;

const TISSUE_VERBS = {
  cut: 'cut',
  press: 'pressed',
  grasp: 'grasped tissue',
  release: 'released tissue',
  puncture: 'punctured',
  cauterize: 'cauterized',
  retract: 'retracted',
  tie: 'tied a knot',
} as const;

/** `HH:MM:SS` of an ISO time in the local time zone, or '' if it does not parse. */
export function clockTime(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/**
 * Seconds as `M:SS`, or `H:MM:SS` from an hour on.
 * @example formatDuration(75) // '1:15'
 */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Length of a polyline of integer micrometre points, in metres. */
export function pathLengthM(pointsUm: readonly (readonly number[])[]): number {
  let um = 0;
  for (let i = 1; i < pointsUm.length; i++) {
    const a = pointsUm[i - 1]!;
    const b = pointsUm[i]!;
    const dx = (b[0] ?? 0) - (a[0] ?? 0);
    const dy = (b[1] ?? 0) - (a[1] ?? 0);
    const dz = (b[2] ?? 0) - (a[2] ?? 0);
    um += Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
  return um / 1_000_000;
}

/** A length in metres for people: `8 mm`, `3.4 cm`. */
export function formatLength(metres: number): string {
  const mm = metres * 1000;
  return mm < 10 ? `${round1(mm)} mm` : `${round1(mm / 10)} cm`;
}

const round1 = (n: number) => String(Math.round(n * 10) / 10);

/** Summarizes a tissue action: what, with which tool, how long, how deep, how hard. */
export function describeTissue(name: string, event: SequencedEvent<'tissue-update'>): string {
  const parts = [`${name} ${TISSUE_VERBS[event.action]} with the ${TOOL_NAMES[event.tool]}`];
  const details: string[] = [];
  if (event.pointsUm.length > 1) details.push(`${formatLength(pathLengthM(event.pointsUm))} path`);
  if (event.depthUm !== undefined) details.push(`${formatLength(event.depthUm / 1e6)} deep`);
  if (event.forceMn !== undefined) details.push(`${round1(event.forceMn / 1000)} N`);
  if (details.length > 0) parts.push(`(${details.join(', ')})`);
  return parts.join(' ');
}

/**
 * The feed line of a sequenced event, or null for events too frequent to list (tool poses).
 * @example feedLineFor({ type: 'chat-message', event }, nameOf) // { kind: 'chat', text: 'Bob: hi' }
 */
export function feedLineFor(typed: TypedEvent, nameOf: NameOf): FeedLine | null {
  const { type, event } = typed;
  const who = event.userId === 'system' ? 'The server' : nameOf(event.userId);
  const line = (kind: FeedKind, text: string): FeedLine => ({
    key: `seq:${event.seq}`,
    kind,
    time: clockTime(event.at),
    text,
  });
  switch (type) {
    case 'participant-joined': {
      const e = event as SequencedEvent<'participant-joined'>;
      return line('presence', `${e.name} joined as ${e.role}`);
    }
    case 'participant-left': {
      const { reason } = event as SequencedEvent<'participant-left'>;
      const what =
        reason === 'left'
          ? 'left'
          : reason === 'removed'
            ? 'was removed by the host'
            : 'disconnected (seat held)';
      return line('presence', `${who} ${what}`);
    }
    case 'participant-updated':
      return line('role', `${who} is now ${(event as SequencedEvent<'participant-updated'>).role}`);
    case 'simulation-state': {
      const e = event as SequencedEvent<'simulation-state'>;
      const after =
        e.status === 'completed' ? ` (${formatDuration(e.durationS)} of active time)` : '';
      return line('control', `${who} ${CONTROL_VERBS[e.action]}${after}`);
    }
    case 'simulation-reset':
      return line('control', `${who} ${CONTROL_VERBS.reset}`);
    case 'tool-selected':
      return line(
        'tool',
        `${who} picked up the ${TOOL_NAMES[(event as SequencedEvent<'tool-selected'>).tool]}`,
      );
    case 'tool-interaction': {
      const e = event as SequencedEvent<'tool-interaction'>;
      const tool = TOOL_NAMES[e.tool];
      switch (e.action) {
        case 'pose':
          return null;
        case 'activate':
          return line('tool', `${who} activated the ${tool}`);
        case 'deactivate':
          return line('tool', `${who} put the ${tool} down`);
        case 'open':
        case 'close': {
          const jaw = e.jaw === undefined ? '' : ` (jaw ${Math.round(e.jaw / 10)}%)`;
          return line(
            'tool',
            `${who} ${e.action === 'open' ? 'opened' : 'closed'} the ${tool}${jaw}`,
          );
        }
      }
      return null;
    }
    case 'tissue-update':
      return line('tissue', describeTissue(who, event as SequencedEvent<'tissue-update'>));
    case 'chat-message': {
      const e = event as SequencedEvent<'chat-message'>;
      return line('chat', `${e.name}: ${e.text}`);
    }
  }
  return null;
}

/** One participant's result: `Ada 87 pass` (with critical errors when any). */
export function describeParticipantScore(p: ParticipantScore, nameOf: NameOf): string {
  const name = p.name ?? nameOf(p.userId);
  const critical =
    p.criticalErrors && p.criticalErrors.length > 0
      ? ` (critical: ${p.criticalErrors.join(', ')})`
      : '';
  return `${name} ${Math.round(p.total)} ${p.pass ? 'pass' : 'fail'}${critical}`;
}

/** The feed line of a `surgery:score` event. */
export function scoreLine(
  score: ScorePayload,
  nameOf: NameOf,
  key: string,
  time: string,
): FeedLine {
  const text =
    score.score === null
      ? 'Scored: nobody used an instrument'
      : `Scored ${Math.round(score.score)}/100: ${score.participants
          .map((p) => describeParticipantScore(p, nameOf))
          .join(', ')}`;
  return { key, kind: 'score', time, text };
}
