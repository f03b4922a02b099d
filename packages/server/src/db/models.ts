import { Schema, type Connection, type Types } from 'mongoose';
import {
  ROLES,
  SCENARIO_IDS,
  SESSION_STATUSES,
  type Role,
  type ScenarioId,
  type SessionStatus,
} from '@scrubin/protocol';

export interface UserDoc {
  _id: Types.ObjectId;
  email: string;
  name: string;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ParticipantDoc {
  userId: string;
  name: string;
  role: Role;
  joinedAt: Date;
  leftAt: Date | null;
}

/** The session document of the original design, with live-clock fields for the tick. */
export interface SimulationDoc {
  sessionId: string;
  uniqueLink: string;
  shareableCode: string;
  title: string;
  description: string;
  scenario: ScenarioId;
  creatorId: string;
  userId: string;
  hostName: string;
  maxParticipants: number;
  participantCount: number;
  inviteOnly: boolean;
  status: SessionStatus;
  collaborativeData: { participants: ParticipantDoc[]; totalMessages: number; voiceTime: number };
  removedUserIds: string[];
  /** Active (unpaused) milliseconds accumulated before `activeSince`. */
  activeMs: number;
  /** When the current active stretch began; null unless active. */
  activeSince: Date | null;
  duration: number;
  score: number | null;
  errors: number;
  performance: Record<string, number>;
  toolsUsed: string[];
  cuts: unknown[];
  startedAt: Date | null;
  endedAt: Date | null;
  /** Simulation model version, resolution tier and PRNG seed every participant runs. */
  simulation: { version: string; tier: string; seed: number };
  /** Per-participant scores from the replayed log; null until scored. */
  scoreDetails: {
    participants: Record<string, unknown>[];
    finalHash: string;
    ticks: number;
    scoredAt: Date;
  } | null;
  /** State hashes of the replayed log, written into exported recordings. */
  stateHashes: { kind: 'hash'; tick: number; hash: string }[];
  createdAt: Date;
  updatedAt: Date;
}

const userSchema = new Schema<UserDoc>(
  {
    email: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    passwordHash: { type: String, required: true },
  },
  { timestamps: true, collection: 'users' },
);

const participantSchema = new Schema<ParticipantDoc>(
  {
    userId: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    joinedAt: { type: Date, required: true },
    leftAt: { type: Date, default: null },
  },
  { _id: false },
);

const simulationSchema = new Schema<SimulationDoc>(
  {
    sessionId: { type: String, required: true, index: true },
    uniqueLink: { type: String, required: true, unique: true },
    shareableCode: { type: String, unique: true, sparse: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    scenario: { type: String, enum: SCENARIO_IDS, required: true },
    creatorId: { type: String, required: true, index: true },
    userId: { type: String, required: true, index: true },
    hostName: { type: String, required: true },
    maxParticipants: { type: Number, required: true },
    participantCount: { type: Number, default: 0 },
    inviteOnly: { type: Boolean, default: false },
    status: { type: String, enum: SESSION_STATUSES, default: 'idle', index: true },
    collaborativeData: {
      participants: { type: [participantSchema], default: [] },
      totalMessages: { type: Number, default: 0 },
      voiceTime: { type: Number, default: 0 },
    },
    removedUserIds: { type: [String], default: [] },
    activeMs: { type: Number, default: 0 },
    activeSince: { type: Date, default: null },
    duration: { type: Number, default: 0 },
    score: { type: Number, default: null },
    errors: { type: Number, default: 0 },
    performance: { type: Schema.Types.Mixed, default: {} },
    toolsUsed: { type: [String], default: [] },
    cuts: { type: [Schema.Types.Mixed], default: [] },
    startedAt: { type: Date, default: null },
    endedAt: { type: Date, default: null },
    scoreDetails: { type: Schema.Types.Mixed, default: null },
    stateHashes: { type: Schema.Types.Mixed, default: [] },
    simulation: {
      version: { type: String, required: true },
      tier: { type: String, required: true },
      seed: { type: Number, required: true },
    },
  },
  {
    timestamps: true,
    collection: 'simulations',
    minimize: false,
    suppressReservedKeysWarning: true,
  },
);
simulationSchema.index({ 'collaborativeData.participants.userId': 1, createdAt: -1 });
simulationSchema.index({ inviteOnly: 1, status: 1, createdAt: -1 });

/** Binds the models to one connection (each server owns its connection). */
export function createModels(conn: Connection) {
  return {
    User: conn.model<UserDoc>('User', userSchema),
    Simulation: conn.model<SimulationDoc>('Simulation', simulationSchema),
  };
}
export type Models = ReturnType<typeof createModels>;
