/** @jsxRuntime automatic */
import { Box, Text } from 'ink';
import type { PresenceEntry, SessionStatus } from '@scrubin/protocol';
import type { FeedKind, FeedLine } from './feed.js';
import { formatDuration } from './feed.js';
import { HOST_KEYS, type InputState } from './input-state.js';

// Render-only components of the live view: everything they show comes in as props.

type Colour = 'green' | 'yellow' | 'red' | 'cyan' | 'blue' | 'magenta' | 'gray';

/** Colours are switched off with `color={false}` (NO_COLOR, --no-color). */
interface Styled {
  color: boolean;
}

const STATUS_COLOURS: Record<SessionStatus, Colour> = {
  idle: 'gray',
  active: 'green',
  paused: 'yellow',
  completed: 'blue',
};

const FEED_COLOURS: Partial<Record<FeedKind, Colour>> = {
  presence: 'cyan',
  role: 'cyan',
  control: 'yellow',
  tool: 'magenta',
  tissue: 'magenta',
  score: 'green',
  notice: 'gray',
  error: 'red',
};

export interface HeaderProps extends Styled {
  title: string;
  scenario: string;
  code: string;
  status: SessionStatus;
  elapsedS: number;
  youName: string;
  youRole: string;
  host: boolean;
  score: number | null | undefined;
}

/** Title, scenario, share code; status, active time, who you are, the score once known. */
export function Header(props: HeaderProps) {
  const { color } = props;
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text>
        <Text bold>{props.title}</Text>
        <Text dimColor={color}>
          {'  '}
          {props.scenario} · code {props.code}
        </Text>
      </Text>
      <Text>
        <Text color={color ? STATUS_COLOURS[props.status] : undefined} bold>
          {props.status}
        </Text>
        <Text>
          {'  '}active {formatDuration(props.elapsedS)}
        </Text>
        <Text dimColor={color}>
          {'  '}you: {props.youName} ({props.youRole}
          {props.host ? ', host' : ''})
        </Text>
        {props.score !== undefined ? (
          <Text color={color ? 'green' : undefined}>
            {'  '}score {props.score === null ? '—' : Math.round(props.score)}
          </Text>
        ) : null}
      </Text>
    </Box>
  );
}

/** The "reconnecting…" banner. */
export function Banner({ text, color }: { text: string } & Styled) {
  return (
    <Box paddingX={1}>
      <Text color={color ? 'yellow' : undefined} bold>
        {text}
      </Text>
    </Box>
  );
}

export interface ParticipantListProps extends Styled {
  participants: PresenceEntry[];
  hostId: string;
  selfId: string;
}

/** Seat holders with role and presence. */
export function ParticipantList({ participants, hostId, selfId, color }: ParticipantListProps) {
  return (
    <Box flexDirection="column" width={38} flexShrink={0} marginRight={1}>
      <Text bold>Participants ({participants.length})</Text>
      {participants.map((p) => (
        <Text key={p.userId} dimColor={color && !p.online} wrap="truncate-end">
          <Text color={color ? (p.online ? 'green' : 'gray') : undefined}>
            {p.online ? '●' : '○'}
          </Text>{' '}
          {p.name}
          {p.userId === selfId ? ' (you)' : ''} · {p.role}
          {p.userId === hostId ? ' · host' : ''}
          {p.online ? '' : ' · offline'}
        </Text>
      ))}
    </Box>
  );
}

/** The last lines of the event feed. */
export function Feed({ lines, color }: { lines: FeedLine[] } & Styled) {
  return (
    <Box flexDirection="column" flexGrow={1}>
      <Text bold>Feed</Text>
      {lines.length === 0 ? <Text dimColor={color}>Nothing yet.</Text> : null}
      {lines.map((line) => (
        <Text key={line.key} wrap="wrap">
          {line.time ? <Text dimColor={color}>{line.time} </Text> : null}
          <Text
            color={color ? FEED_COLOURS[line.kind] : undefined}
            bold={line.kind === 'score' || line.kind === 'error'}
          >
            {line.text}
          </Text>
        </Text>
      ))}
    </Box>
  );
}

/** The chat line, or the confirmation question of a host action. */
export function ChatLine({ input, color }: { input: InputState } & Styled) {
  if (input.confirm !== null) {
    const question =
      input.confirm === 'stop'
        ? 'Stop the simulation and end the session for everyone?'
        : 'Reset the simulation for everyone?';
    return (
      <Box paddingX={1}>
        <Text color={color ? 'yellow' : undefined} bold>
          {question} (y/N)
        </Text>
      </Box>
    );
  }
  return (
    <Box paddingX={1}>
      <Text>
        <Text color={color ? 'cyan' : undefined}>{'> '}</Text>
        {input.text !== '' ? (
          <Text>
            {input.text}
            <Text inverse> </Text>
          </Text>
        ) : input.focused ? (
          <Text inverse> </Text>
        ) : (
          <Text dimColor={color}>type a message, Enter sends</Text>
        )}
      </Text>
    </Box>
  );
}

/** The keys: host keys only for the host. */
export function Footer({ host, typing, color }: { host: boolean; typing: boolean } & Styled) {
  const keys = [
    ...(host ? HOST_KEYS.map((k) => `${k.key} ${k.label}`) : []),
    ...(typing ? ['Enter send', 'Esc clear'] : ['q/Ctrl+C quit']),
  ];
  return (
    <Box paddingX={1}>
      <Text dimColor={color}>{keys.join(' · ')}</Text>
    </Box>
  );
}
