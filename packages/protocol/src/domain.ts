/** Participant roles. The host (creator) is a `surgeon` and alone holds host powers. */
export const ROLES = ['surgeon', 'assistant', 'observer'] as const;
export type Role = (typeof ROLES)[number];

/** Roles a joiner may ask for; the host can change roles later. */
export const JOIN_ROLES = ['assistant', 'observer'] as const satisfies readonly Role[];
export type JoinRole = (typeof JOIN_ROLES)[number];

/** Roles allowed to use instruments (tool and tissue events). */
export const INSTRUMENT_ROLES: readonly Role[] = ['surgeon', 'assistant'];

/** Session lifecycle: idle → active ↔ paused → completed. */
export const SESSION_STATUSES = ['idle', 'active', 'paused', 'completed'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Host controls of `surgery:simulation-control`. */
export const CONTROL_ACTIONS = ['start', 'pause', 'resume', 'stop'] as const;
export type ControlAction = (typeof CONTROL_ACTIONS)[number];

/** The state machine: for each action, the states it may leave from and the state it reaches. */
export const CONTROL_TRANSITIONS: Record<
  ControlAction,
  { from: readonly SessionStatus[]; to: SessionStatus }
> = {
  start: { from: ['idle'], to: 'active' },
  pause: { from: ['active'], to: 'paused' },
  resume: { from: ['paused'], to: 'active' },
  stop: { from: ['idle', 'active', 'paused'], to: 'completed' },
};

/** Statuses from which `surgery:reset-simulation` may run; it returns the session to `idle`. */
export const RESETTABLE_STATUSES: readonly SessionStatus[] = ['idle', 'active', 'paused'];

/** The instruments of the operating table. */
export const TOOLS = [
  'scalpel',
  'forceps',
  'needle-driver',
  'scissors',
  'cautery',
  'retractor',
] as const;
export type Tool = (typeof TOOLS)[number];

/** What a tool does to tissue in `surgery:tissue-interact`. */
export const TISSUE_ACTIONS = [
  'cut',
  'press',
  'grasp',
  'release',
  'puncture',
  'cauterize',
  'retract',
  'tie',
] as const;
export type TissueAction = (typeof TISSUE_ACTIONS)[number];

/** What happens to a tool in `surgery:tool-interact`. */
export const TOOL_ACTIONS = ['pose', 'activate', 'deactivate', 'open', 'close'] as const;
export type ToolAction = (typeof TOOL_ACTIONS)[number];

/** Scenario identifiers of the catalogue. */
export const SCENARIO_IDS = ['skin-incision', 'interrupted-suture', 'cardiac-surgery'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** Simulation ticks per second. */
export const TICK_HZ = 90;
/** Cursor batches per second and per session. */
export const CURSOR_HZ = 30;

/** Size limits shared by the server (enforced) and clients (to fail early). */
export const LIMITS = {
  chatMaxChars: 1000,
  titleMaxChars: 120,
  descriptionMaxChars: 2000,
  nameMaxChars: 80,
  passwordMinChars: 8,
  passwordMaxChars: 128,
  pointsPerInteraction: 256,
  /** Coordinates beyond this many metres from the scene origin are refused. */
  maxCoordinateM: 10,
  minParticipants: 1,
  maxParticipants: 16,
  defaultMaxParticipants: 6,
  /** Largest Socket.IO message the server reads, in bytes. */
  socketPayloadBytes: 64 * 1024,
  /** Largest REST body the server reads, in bytes. */
  restBodyBytes: 64 * 1024,
  voiceSignalBytes: 16 * 1024,
  /**
   * Longest speaking span credited to `voiceTime` from one report, seconds. A client that keeps
   * talking reports `speaking: true` again within this time; each report closes the span so far.
   */
  voiceSpanMaxS: 60,
} as const;

/** How often a client that keeps talking reports `speaking: true` again, milliseconds. */
export const VOICE_ACTIVITY_REFRESH_MS = 20_000;
