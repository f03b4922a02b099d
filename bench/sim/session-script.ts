/**
 * A generated, realistic session for the replay benchmark (cardiac scenario, default tier):
 * three people join, the host starts, then idle periods alternate with periods of activity in
 * which instruments move with a pose every 3 ticks: incision strokes along the planned line,
 * an assistant retracting a wound edge (often while the surgeon cuts), cautery dabs, and
 * instruments hovering above the field. Seeded, so every run replays the same session.
 */
import type { Quat, Role, SequencedPayloads, SequencedType, Tool, Vec3 } from '@scrubin/protocol';
import { quantizeMetres } from '@scrubin/protocol';
import { Prng, SIM_TICK_HZ } from '@scrubin/sim';
import { EventLog, IDENTITY_Q } from './events.js';

/** What the script made and how busy the session was. */
export interface ScriptedSession {
  log: EventLog;
  endTick: number;
  participants: { userId: string; name: string; role: Role }[];
  /** Ticks inside activity periods (instruments moving), and their share of the session. */
  activeTicks: number;
  activeShare: number;
  counts: Record<string, number>;
}

interface Pending {
  tick: number;
  order: number;
  type: SequencedType;
  userId: string;
  payload: SequencedPayloads[SequencedType];
}

const SURGEON = 'u-surgeon';
const ASSISTANT = 'u-assistant';
const OBSERVER = 'u-observer';
const POSE_EVERY_TICKS = 3;
/** The planned incision of the cardiac scenario lies at z = 4 mm, x from −25 to 25 mm. */
const LINE_Z = 0.004;
const LINE_X0 = -0.025;
const LINE_X1 = 0.025;
const s = (seconds: number) => Math.round(seconds * SIM_TICK_HZ);

/** Scripts a session of `minutes` minutes. */
export function scriptSession(minutes: number, seed = 3): ScriptedSession {
  const rng = new Prng(seed);
  const uniform = (a: number, b: number) => a + (b - a) * rng.nextFloat();
  const pending: Pending[] = [];
  const counts: Record<string, number> = {};
  const push = <T extends SequencedType>(
    tick: number,
    type: T,
    userId: string,
    payload: SequencedPayloads[T],
  ) => {
    pending.push({ tick, order: pending.length, type, userId, payload });
    const key =
      'action' in payload && type === 'tool-interaction' ? `${type}:${payload.action}` : type;
    counts[key] = (counts[key] ?? 0) + 1;
  };
  const um = (p: Vec3): Vec3 => [quantizeMetres(p[0]), quantizeMetres(p[1]), quantizeMetres(p[2])];
  const pose = (tick: number, userId: string, tool: Tool, tip: Vec3, q: Quat = IDENTITY_Q) =>
    push(tick, 'tool-interaction', userId, {
      tool,
      action: 'pose',
      pose: { positionUm: um(tip), rotationQ: q },
    });
  const act = (
    tick: number,
    userId: string,
    tool: Tool,
    action: SequencedPayloads['tool-interaction']['action'],
  ) => push(tick, 'tool-interaction', userId, { tool, action });
  const selected = new Map<string, Tool>();
  const select = (tick: number, userId: string, tool: Tool) => {
    if (selected.get(userId) === tool) return;
    selected.set(userId, tool);
    push(tick, 'tool-selected', userId, { tool });
  };

  let bladeX = LINE_X0;
  /** Surgeon: strokes along the planned line, 8–12 mm/s, 1.5–2.1 mm deep, with tremor. */
  const incision = (from: number, to: number) => {
    select(from, SURGEON, 'scalpel');
    pose(from, SURGEON, 'scalpel', [bladeX - 0.001, 0.005, LINE_Z]);
    act(from + 1, SURGEON, 'scalpel', 'activate');
    const speed = uniform(0.008, 0.012);
    const depth = uniform(0.0015, 0.0021);
    for (let t = from + POSE_EVERY_TICKS; t < to; t += POSE_EVERY_TICKS) {
      bladeX += (speed * POSE_EVERY_TICKS) / SIM_TICK_HZ;
      if (bladeX > LINE_X1) {
        // End of the line: lift and start the next pass.
        bladeX = LINE_X0;
        pose(t, SURGEON, 'scalpel', [bladeX, 0.005, LINE_Z]);
        continue;
      }
      const y = -depth + uniform(-0.0002, 0.0002);
      pose(t, SURGEON, 'scalpel', [bladeX, y, LINE_Z + uniform(-0.0002, 0.0002)]);
    }
    act(to, SURGEON, 'scalpel', 'deactivate');
    pose(to, SURGEON, 'scalpel', [bladeX, 0.01, LINE_Z]);
  };
  /** Assistant: grasps the wound edge 4 mm off the line, pulls it 3 mm out and 2 mm up, holds. */
  const retract = (from: number, to: number) => {
    const tool: Tool = rng.nextFloat() < 0.5 ? 'forceps' : 'retractor';
    select(from, ASSISTANT, tool);
    const x = uniform(-0.015, 0.015);
    const z = LINE_Z + 0.004;
    pose(from, ASSISTANT, tool, [x, 0, z]);
    act(from + 1, ASSISTANT, tool, 'close');
    const pullTicks = s(2);
    for (let t = from + POSE_EVERY_TICKS; t < to; t += POSE_EVERY_TICKS) {
      const f = Math.min(1, (t - from) / pullTicks);
      const tremor = () => uniform(-0.00005, 0.00005);
      pose(t, ASSISTANT, tool, [x + tremor(), 0.002 * f + tremor(), z + 0.003 * f + tremor()]);
    }
    act(to, ASSISTANT, tool, 'open');
    pose(to, ASSISTANT, tool, [x, 0.015, z]);
  };
  /** Surgeon: cautery dabs along the incision, 0.3 mm deep, a new spot every second. */
  const cautery = (from: number, to: number) => {
    select(from, SURGEON, 'cautery');
    act(from, SURGEON, 'cautery', 'activate');
    let spot: Vec3 = [uniform(LINE_X0, LINE_X1), -0.0003, LINE_Z];
    for (let t = from + POSE_EVERY_TICKS; t < to; t += POSE_EVERY_TICKS) {
      if ((t - from) % s(1) < POSE_EVERY_TICKS)
        spot = [uniform(LINE_X0, LINE_X1), -0.0003, LINE_Z + uniform(-0.001, 0.001)];
      pose(t, SURGEON, 'cautery', [spot[0] + uniform(-0.0001, 0.0001), spot[1], spot[2]]);
    }
    act(to, SURGEON, 'cautery', 'deactivate');
  };
  /** Someone moves an instrument above the field (reaching, positioning), not touching it. */
  const hover = (from: number, to: number, userId: string) => {
    const tool = selected.get(userId) ?? 'forceps';
    select(from, userId, tool);
    const x0 = uniform(-0.03, 0.03);
    for (let t = from; t < to; t += POSE_EVERY_TICKS) {
      const f = (t - from) / (to - from);
      pose(t, userId, tool, [x0 + 0.02 * f, 0.012 + 0.01 * f, LINE_Z + uniform(-0.002, 0.002)]);
    }
  };

  const participants = [
    { userId: SURGEON, name: 'Surgeon', role: 'surgeon' as Role, at: 0 },
    { userId: ASSISTANT, name: 'Assistant', role: 'assistant' as Role, at: s(3) },
    { userId: OBSERVER, name: 'Observer', role: 'observer' as Role, at: s(6) },
  ];
  for (const p of participants)
    push(p.at, 'participant-joined', p.userId, { name: p.name, role: p.role });
  const startTick = s(10);
  const endTick = s(minutes * 60);
  push(startTick, 'simulation-state', SURGEON, { status: 'active', action: 'start', durationS: 0 });
  let t = startTick;
  let activeTicks = 0;
  while (true) {
    const idle = s(uniform(10, 26));
    if (rng.nextFloat() < 0.3)
      push(t + s(uniform(1, 5)), 'chat-message', OBSERVER, { name: 'Observer', text: 'Nice.' });
    t += idle;
    const length = s(uniform(6, 14));
    if (t + length >= endTick - s(5)) break;
    const pick = rng.nextFloat();
    if (pick < 0.35) incision(t, t + length);
    else if (pick < 0.6) {
      retract(t, t + length);
      incision(t + s(1), t + length - s(1));
    } else if (pick < 0.75) cautery(t, t + length);
    else if (pick < 0.85) retract(t, t + length);
    else hover(t, t + length, rng.nextFloat() < 0.5 ? SURGEON : ASSISTANT);
    activeTicks += length;
    t += length;
  }
  push(endTick, 'simulation-state', SURGEON, {
    status: 'completed',
    action: 'stop',
    durationS: endTick / SIM_TICK_HZ,
  });

  pending.sort((a, b) => a.tick - b.tick || a.order - b.order);
  const log = new EventLog('session_bench_replay');
  for (const p of pending) log.add(p.tick, p.type, p.userId, p.payload);
  return {
    log,
    endTick,
    participants: participants.map(({ userId, name, role }) => ({ userId, name, role })),
    activeTicks,
    activeShare: activeTicks / endTick,
    counts,
  };
}
