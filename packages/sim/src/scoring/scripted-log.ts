/**
 * Test support: event logs written by scripted instrument paths, as the server would log them
 * (quantized poses, gapless seqs). Not exported from the package.
 */
import type {
  EventLogEntry,
  Quat,
  Role,
  SequencedPayloads,
  SequencedType,
  Tool,
  Vec3,
} from '@scrubin/protocol';

/** A point in metres. */
export type Point = readonly [x: number, y: number, z: number];

/** No rotation: the blade's edge along +x. */
export const IDENTITY_Q: Quat = [0, 0, 0, 32767];

/** Minimum-jerk profile s(u) = 10u³ − 15u⁴ + 6u⁵ on [0, 1]. */
export function minimumJerk(u: number): number {
  const c = u < 0 ? 0 : u > 1 ? 1 : u;
  return c * c * c * (10 + c * (-15 + 6 * c));
}

/** Metres → integer micrometres, halves up. */
export function um(p: Point): Vec3 {
  return [Math.floor(p[0] * 1e6 + 0.5), Math.floor(p[1] * 1e6 + 0.5), Math.floor(p[2] * 1e6 + 0.5)];
}

/**
 * Builds a log: events may be written in any tick order (one participant after the other);
 * {@link events} sorts them by tick, stably, and numbers them gaplessly.
 */
export class ScriptedLog {
  readonly #written: { tick: number; userId: string; type: SequencedType; payload: unknown }[] = [];

  constructor(readonly sessionId = 'session_test') {}

  /** The log in (tick, seq) order. */
  get events(): EventLogEntry[] {
    const sorted = this.#written
      .map((e, order) => ({ e, order }))
      .sort((a, b) => a.e.tick - b.e.tick || a.order - b.order);
    return sorted.map(
      ({ e }, k) =>
        ({
          sessionId: this.sessionId,
          seq: k + 1,
          tick: e.tick,
          type: e.type,
          userId: e.userId,
          at: '2025-01-01T00:00:00.000Z',
          payload: e.payload,
        }) as EventLogEntry,
    );
  }

  emit<T extends SequencedType>(
    tick: number,
    userId: string,
    type: T,
    payload: SequencedPayloads[T],
  ): this {
    this.#written.push({ tick, userId, type, payload });
    return this;
  }

  join(tick: number, userId: string, role: Role, name = userId): this {
    return this.emit(tick, userId, 'participant-joined', { name, role });
  }

  control(tick: number, userId: string, action: 'start' | 'stop'): this {
    return this.emit(tick, userId, 'simulation-state', {
      status: action === 'start' ? 'active' : 'completed',
      action,
      durationS: tick / 90,
    });
  }

  tool(
    tick: number,
    userId: string,
    tool: Tool,
    action: SequencedPayloads['tool-interaction']['action'],
    at?: Point,
    rotationQ: Quat = IDENTITY_Q,
  ): this {
    return this.emit(tick, userId, 'tool-interaction', {
      tool,
      action,
      ...(at ? { pose: { positionUm: um(at), rotationQ } } : {}),
    });
  }

  /** Pose events every `everyTicks` from `fromTick` for `ticks` ticks, along `path(u)`, u in (0, 1]. */
  path(
    fromTick: number,
    userId: string,
    tool: Tool,
    ticks: number,
    everyTicks: number,
    path: (u: number) => Point,
  ): this {
    for (let k = everyTicks; k <= ticks; k += everyTicks)
      this.tool(fromTick + k, userId, tool, 'pose', path(k / ticks));
    if (ticks % everyTicks !== 0) this.tool(fromTick + ticks, userId, tool, 'pose', path(1));
    return this;
  }

  tissue(tick: number, userId: string, payload: SequencedPayloads['tissue-update']): this {
    return this.emit(tick, userId, 'tissue-update', payload);
  }
}

/** The int16 rotation about y that turns a blade's edge (local +x) along (dx, dz). */
export function bladeAlong(dx: number, dz: number): Quat {
  const len = Math.sqrt(dx * dx + dz * dz);
  if (!(len > 0)) return IDENTITY_Q;
  const c = dx / len;
  const sinHalf = Math.sqrt((1 - c) / 2);
  const cosHalf = Math.sqrt((1 + c) / 2);
  const q = (v: number) => Math.floor(v * 32767 + 0.5);
  return [0, q(dz > 0 ? -sinHalf : sinHalf), 0, q(cosHalf)];
}

/** A scripted incision: where, how deep, how long, and how the hand wanders off the line. */
export interface IncisionScript {
  from: readonly [x: number, z: number];
  to: readonly [x: number, z: number];
  depthM: number;
  /** Ticks of the stroke itself. */
  ticks: number;
  /** A pose every this many ticks. @default 3 */
  everyTicks?: number;
  /** Sideways offset from the line at u in [0, 1], metres. @default none */
  wander?: (u: number) => number;
  /** Progress along the line at u in [0, 1]. @default minimum jerk */
  profile?: (u: number) => number;
  tool?: Tool;
}

/**
 * Takes the tool, comes down over `from`, activates, plunges, draws the stroke, lifts and
 * deactivates. Returns the tick of the deactivation.
 */
export function scriptIncision(
  log: ScriptedLog,
  startTick: number,
  userId: string,
  script: IncisionScript,
): number {
  const tool = script.tool ?? 'scalpel';
  const every = script.everyTicks ?? 3;
  const profile = script.profile ?? minimumJerk;
  const wander = script.wander ?? (() => 0);
  const [fx, fz] = script.from;
  const dx = script.to[0] - fx;
  const dz = script.to[1] - fz;
  const len = Math.sqrt(dx * dx + dz * dz);
  // Unit normal to the line in the surface plane, for the wander.
  const nx = -dz / len;
  const nz = dx / len;
  const q = bladeAlong(dx, dz);
  const above: Point = [fx, 0.004, fz];
  const down: Point = [fx, -script.depthM, fz];
  let tick = startTick;
  log.emit(tick, userId, 'tool-selected', { tool });
  log.tool((tick += 3), userId, tool, 'pose', above, q);
  log.tool((tick += 3), userId, tool, 'activate', above, q);
  for (let k = 1; k <= 4; k++) {
    const s = minimumJerk(k / 4);
    log.tool(tick + 3 * k, userId, tool, 'pose', [fx, 0.004 + (down[1] - 0.004) * s, fz], q);
  }
  tick += 12;
  for (let k = every; k <= script.ticks; k += every) {
    const u = k / script.ticks;
    const s = profile(u);
    const w = wander(u);
    log.tool(
      tick + k,
      userId,
      tool,
      'pose',
      [fx + dx * s + nx * w, -script.depthM, fz + dz * s + nz * w],
      q,
    );
  }
  tick += script.ticks;
  const end: Point = [fx + dx, 0.004, fz + dz];
  log.tool((tick += 6), userId, tool, 'pose', end, q);
  log.tool((tick += 3), userId, tool, 'deactivate', end, q);
  return tick;
}
