import { z } from 'zod';
import {
  CONTROL_ACTIONS,
  LIMITS,
  TISSUE_ACTIONS,
  TOOLS,
  TOOL_ACTIONS,
  type ControlAction,
  type Role,
  type SessionStatus,
  type TissueAction,
  type Tool,
  type ToolAction,
} from './domain.js';
import type { ErrorBody } from './errors.js';
import type { Quat, Vec3 } from './quantize.js';
import type { components } from './generated/openapi.js';

/** Session as REST returns it to a participant. */
export type SessionDetails = components['schemas']['SessionDetails'];
/** A participant-history record. */
export type ParticipantRecord = components['schemas']['Participant'];

// ---------------------------------------------------------------------------------------------
// Client → server payload schemas. Unknown fields are stripped; listed fields must be valid.

const coordinate = z.number().finite().min(-LIMITS.maxCoordinateM).max(LIMITS.maxCoordinateM);
const quaternionComponent = z.number().finite().min(-2).max(2);
/** `[x, y, z]` in metres, scene frame. */
export const vec3Schema = z.tuple([coordinate, coordinate, coordinate]);
/** `[x, y, z, w]`, normalized by the server. */
export const quatSchema = z.tuple([
  quaternionComponent,
  quaternionComponent,
  quaternionComponent,
  quaternionComponent,
]);
export const poseSchema = z.object({ position: vec3Schema, rotation: quatSchema });

export const joinSessionSchema = z.object({
  sessionId: z.string().min(1).max(64),
  /** The last `seq` this client applied; the ack then carries the events after it. */
  sinceSeq: z.number().int().min(0).optional(),
});
export const leaveSessionSchema = z.object({});
export const simulationControlSchema = z.object({ action: z.enum(CONTROL_ACTIONS) });
export const toolSelectSchema = z.object({ tool: z.enum(TOOLS) });
export const toolInteractSchema = z.object({
  tool: z.enum(TOOLS),
  action: z.enum(TOOL_ACTIONS),
  pose: poseSchema.optional(),
  /** Jaw opening, 0 (closed) to 1 (open). */
  jaw: z.number().finite().min(0).max(1).optional(),
});
export const tissueInteractSchema = z.object({
  tool: z.enum(TOOLS),
  action: z.enum(TISSUE_ACTIONS),
  points: z.array(vec3Schema).min(1).max(LIMITS.pointsPerInteraction),
  /** Depth reached below the surface, metres. */
  depth: z.number().finite().min(0).max(0.1).optional(),
  /** Applied force, newtons. */
  force: z.number().finite().min(0).max(1000).optional(),
});
export const cursorUpdateSchema = z.object({
  position: vec3Schema,
  rotation: quatSchema,
  tool: z.enum(TOOLS).optional(),
});
export const chatMessageSchema = z.object({
  text: z.string().trim().min(1).max(LIMITS.chatMaxChars),
});
export const resetSimulationSchema = z.object({});
export const voiceSignalSchema = z.object({
  to: z.string().min(1).max(64),
  data: z.record(z.string(), z.unknown()),
});
export const voiceActivitySchema = z.object({ speaking: z.boolean() });

export type JoinSessionPayload = z.input<typeof joinSessionSchema>;
export type LeaveSessionPayload = z.input<typeof leaveSessionSchema>;
export type SimulationControlPayload = z.input<typeof simulationControlSchema>;
export type ToolSelectPayload = z.input<typeof toolSelectSchema>;
export type ToolInteractPayload = z.input<typeof toolInteractSchema>;
export type TissueInteractPayload = z.input<typeof tissueInteractSchema>;
export type CursorUpdatePayload = z.input<typeof cursorUpdateSchema>;
export type ChatMessagePayload = z.input<typeof chatMessageSchema>;
export type ResetSimulationPayload = z.input<typeof resetSimulationSchema>;
export type VoiceSignalPayload = z.input<typeof voiceSignalSchema>;
export type VoiceActivityPayload = z.input<typeof voiceActivitySchema>;

/** Every client event with its schema, for validation at the boundary. */
export const CLIENT_EVENT_SCHEMAS = {
  'surgery:join-session': joinSessionSchema,
  'surgery:leave-session': leaveSessionSchema,
  'surgery:simulation-control': simulationControlSchema,
  'surgery:tool-select': toolSelectSchema,
  'surgery:tool-interact': toolInteractSchema,
  'surgery:tissue-interact': tissueInteractSchema,
  'surgery:cursor-update': cursorUpdateSchema,
  'surgery:chat-message': chatMessageSchema,
  'surgery:reset-simulation': resetSimulationSchema,
  'surgery:voice-signal': voiceSignalSchema,
  'surgery:voice-activity': voiceActivitySchema,
} as const;
export type ClientEventName = keyof typeof CLIENT_EVENT_SCHEMAS;

// ---------------------------------------------------------------------------------------------
// Server → client payloads.

/** Fields every sequenced event carries. */
export interface SequencedFields {
  sessionId: string;
  /** Per-session, gapless, starting at 1. */
  seq: number;
  /** Simulation tick (90 Hz of active time) the event applies at. */
  tick: number;
  /** The acting user; `system` for events the server originates. */
  userId: string;
  /** Server time, ISO 8601. */
  at: string;
}

/** The body of each sequenced event type, as stored in the log's `payload`. */
export interface SequencedPayloads {
  'participant-joined': { name: string; role: Role };
  'participant-left': { reason: 'left' | 'disconnected' | 'removed' };
  'participant-updated': { role: Role };
  'simulation-state': {
    status: SessionStatus;
    action: ControlAction | 'end' | 'reset';
    /** Active time so far, seconds. */
    durationS: number;
  };
  'tool-selected': { tool: Tool };
  'tool-interaction': {
    tool: Tool;
    action: ToolAction;
    pose?: { positionUm: Vec3; rotationQ: Quat };
    /** Jaw opening, 0–1000. */
    jaw?: number;
  };
  'tissue-update': {
    tool: Tool;
    action: TissueAction;
    /** Points in integer micrometres. */
    pointsUm: Vec3[];
    depthUm?: number;
    /** Force in millinewtons. */
    forceMn?: number;
  };
  'chat-message': { name: string; text: string };
  'simulation-reset': Record<string, never>;
}
export type SequencedType = keyof SequencedPayloads;
export const SEQUENCED_TYPES = [
  'participant-joined',
  'participant-left',
  'participant-updated',
  'simulation-state',
  'tool-selected',
  'tool-interaction',
  'tissue-update',
  'chat-message',
  'simulation-reset',
] as const satisfies readonly SequencedType[];

/** A sequenced event as broadcast: common fields plus the type's body. */
export type SequencedEvent<T extends SequencedType = SequencedType> = SequencedFields &
  SequencedPayloads[T];

/** One entry of the append-only event log (`events` collection, REST export, catch-up). */
export interface EventLogEntry<T extends SequencedType = SequencedType> {
  sessionId: string;
  seq: number;
  tick: number;
  type: T;
  userId: string;
  at: string;
  payload: SequencedPayloads[T];
}

/** Builds the broadcast form of a log entry. */
export function eventFromLogEntry<T extends SequencedType>(
  entry: EventLogEntry<T>,
): SequencedEvent<T> {
  return {
    ...entry.payload,
    sessionId: entry.sessionId,
    seq: entry.seq,
    tick: entry.tick,
    userId: entry.userId,
    at: entry.at,
  } as SequencedEvent<T>;
}

/** A cursor in a `surgery:cursor-position` batch: metres (µm-quantized), unit quaternion. */
export interface CursorState {
  userId: string;
  position: Vec3;
  rotation: Quat;
  tool: Tool | null;
}
export interface CursorPositionBatch {
  sessionId: string;
  /**
   * The session's simulation tick when the batch left: every sequenced event of a tick up to this
   * one was sent before it, so a client may simulate up to here.
   */
  tick: number;
  cursors: CursorState[];
}
/** Someone online in the session's room, with the seat they hold. */
export interface PresenceEntry {
  userId: string;
  name: string;
  role: Role;
  online: boolean;
}
export interface VoiceSignalRelay {
  from: string;
  data: Record<string, unknown>;
}
/** `surgery:voice-activity`: someone in the room started or stopped speaking. Not sequenced. */
export interface VoiceActivityRelay {
  sessionId: string;
  userId: string;
  speaking: boolean;
}
/** Per-participant result of a completed session. */
export type ParticipantScore = components['schemas']['ParticipantScore'];
/** `surgery:score`: the scores computed from the log when the session completed. */
export interface ScorePayload {
  sessionId: string;
  /** Mean of the participants' totals; null when nobody used an instrument. */
  score: number | null;
  participants: ParticipantScore[];
  finalHash: string;
}

/** The server event each sequenced type is broadcast as. */
export const SEQUENCED_EVENT_NAMES = {
  'participant-joined': 'surgery:participant-joined',
  'participant-left': 'surgery:participant-left',
  'participant-updated': 'surgery:participant-updated',
  'simulation-state': 'surgery:simulation-state',
  'tool-selected': 'surgery:tool-selected',
  'tool-interaction': 'surgery:tool-interaction',
  'tissue-update': 'surgery:tissue-update',
  'chat-message': 'surgery:chat-message',
  'simulation-reset': 'surgery:simulation-reset',
} as const satisfies Record<SequencedType, `surgery:${string}`>;

// ---------------------------------------------------------------------------------------------
// Acks.

export type AckFailure = { ok: false; error: ErrorBody };
/** What every acked event answers. */
export type Ack<T extends object = object> = ({ ok: true } & T) | AckFailure;
export type JoinSessionAck = Ack<{
  session: SessionDetails;
  participants: PresenceEntry[];
  role: Role;
  /** The session's last `seq` when the join completed. */
  seq: number;
  /** Events after `sinceSeq` (only when `sinceSeq` was sent), oldest first. */
  events: EventLogEntry[];
  /** More events remain after these: page the rest from the REST export. */
  hasMore: boolean;
}>;
/** Ack of a sequenced event: the event as broadcast to the others. */
export type SequencedAck<T extends SequencedType> = Ack<{
  seq: number;
  tick: number;
  event: SequencedEvent<T>;
}>;
type AckFn<A> = (ack: A) => void;

/** Socket.IO event map, client → server. */
export interface ClientToServerEvents {
  'surgery:join-session': (payload: JoinSessionPayload, ack: AckFn<JoinSessionAck>) => void;
  'surgery:leave-session': (payload: LeaveSessionPayload, ack: AckFn<Ack>) => void;
  'surgery:simulation-control': (
    payload: SimulationControlPayload,
    ack: AckFn<SequencedAck<'simulation-state'>>,
  ) => void;
  'surgery:tool-select': (
    payload: ToolSelectPayload,
    ack: AckFn<SequencedAck<'tool-selected'>>,
  ) => void;
  'surgery:tool-interact': (
    payload: ToolInteractPayload,
    ack: AckFn<SequencedAck<'tool-interaction'>>,
  ) => void;
  'surgery:tissue-interact': (
    payload: TissueInteractPayload,
    ack: AckFn<SequencedAck<'tissue-update'>>,
  ) => void;
  'surgery:cursor-update': (payload: CursorUpdatePayload) => void;
  'surgery:chat-message': (
    payload: ChatMessagePayload,
    ack: AckFn<SequencedAck<'chat-message'>>,
  ) => void;
  'surgery:reset-simulation': (
    payload: ResetSimulationPayload,
    ack: AckFn<SequencedAck<'simulation-reset'>>,
  ) => void;
  'surgery:voice-signal': (payload: VoiceSignalPayload, ack: AckFn<Ack>) => void;
  'surgery:voice-activity': (payload: VoiceActivityPayload, ack: AckFn<Ack>) => void;
}

/** Socket.IO event map, server → client. */
export interface ServerToClientEvents {
  'surgery:participant-joined': (event: SequencedEvent<'participant-joined'>) => void;
  'surgery:participant-left': (event: SequencedEvent<'participant-left'>) => void;
  'surgery:participant-updated': (event: SequencedEvent<'participant-updated'>) => void;
  'surgery:simulation-state': (event: SequencedEvent<'simulation-state'>) => void;
  'surgery:tool-selected': (event: SequencedEvent<'tool-selected'>) => void;
  'surgery:tool-interaction': (event: SequencedEvent<'tool-interaction'>) => void;
  'surgery:tissue-update': (event: SequencedEvent<'tissue-update'>) => void;
  'surgery:chat-message': (event: SequencedEvent<'chat-message'>) => void;
  'surgery:simulation-reset': (event: SequencedEvent<'simulation-reset'>) => void;
  'surgery:cursor-position': (batch: CursorPositionBatch) => void;
  'surgery:voice-signal': (relay: VoiceSignalRelay) => void;
  'surgery:voice-activity': (relay: VoiceActivityRelay) => void;
  'surgery:score': (score: ScorePayload) => void;
  /** Errors of events that take no ack (cursor updates), and removal from a session. */
  'surgery:error': (error: ErrorBody) => void;
}

export type ServerEventName = keyof ServerToClientEvents;
