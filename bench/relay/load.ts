/**
 * The load generator: one connection per simulated user, all in this process: a lean Socket.IO
 * client (lean-socket.ts) for the bare relay and the app, a Colyseus room client
 * (colyseus-socket.ts) for the Colyseus relay. Every user sends cursor updates at `cursorHz` and a
 * tissue interaction every `tissueIntervalMs` (uniform), on the same schedule whatever the relay;
 * in app mode the hosts start their simulations first so tissue events are accepted.
 *
 * What is counted (only while the measured window is open):
 * - a delivery is one update of one user reaching one OTHER user: each entry of a received
 *   `surgery:cursor-position` batch whose `userId` is not the receiver (a user's own cursor echoed
 *   back is counted apart), and each received `surgery:tissue-update` (or other broadcast). For
 *   Colyseus, each state patch is turned into such a batch of the players whose fields changed in
 *   it, so a delivery is one remote player's change in a patch one client received;
 * - latency is receive time minus the send time of that very update: the sender's per-user
 *   counter travels in integer micrometres in the first coordinate (the server quantizes to
 *   1 µm, which keeps integers exact), so no clock or sequence guessing is needed. Cursor latency
 *   includes the wait for the next 30 Hz tick (0–33 ms by design);
 * - sequenced delivery: every tissue event sent in the window and acked `ok` must reach each of
 *   the other members; receipts are de-duplicated per receiver by `seq` and counted after a
 *   drain period.
 */
import { createHistogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { excessDelayMs, LOOP_RESOLUTION_MS } from './child-stats.js';
import { ColyseusSocket } from './colyseus-socket.js';
import { LeanSocket } from './lean-socket.js';
import type { RelaySocket } from './relay-socket.js';
import { mapLimit, type Member, type SessionPlan } from './setup.js';

/** Which relay the generator speaks to, and so how it connects. */
export type LoadMode = 'bare' | 'app' | 'colyseus';

/** Options of {@link runLoad}. */
export interface LoadOptions {
  /** Relay origin. */
  url: string;
  /**
   * `bare`: join by query string; `app`: JWT in CONNECT, then `surgery:join-session`;
   * `colyseus`: `joinOrCreate` the session's room (colyseus-socket.ts).
   */
  mode: LoadMode;
  plans: SessionPlan[];
  /** Traffic before the window opens, seconds. @default 5 */
  warmupS?: number;
  /** The measured window, seconds. @default 20 */
  measureS?: number;
  /** After the window, traffic stops and receipts are awaited this long, seconds. @default 2 */
  drainS?: number;
  /** Cursor updates per user per second. @default 30 */
  cursorHz?: number;
  /** Gap between one user's tissue interactions, uniform in [min, max] ms. @default [200, 500] */
  tissueIntervalMs?: [number, number];
  /** Points per tissue interaction. @default 4 */
  tissuePoints?: number;
  /** Called just before the window opens and just after it closes (the runner marks the server). */
  onWindowStart?: () => Promise<void>;
  onWindowEnd?: () => Promise<void>;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Percentiles of one latency distribution, milliseconds. */
export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
  meanMs: number;
}

/** What {@link runLoad} measured. */
export interface LoadResult {
  windowS: number;
  sockets: number;
  /** Events the generator sent in the window (what the relay had to take in). */
  inbound: { cursor: number; tissue: number; total: number; perS: number };
  /** Received in the window; see the module comment for what one delivery is. */
  deliveries: {
    cursor: number;
    tissue: number;
    other: number;
    total: number;
    perS: number;
    /** `surgery:cursor-position` packets received. */
    cursorPackets: number;
    /** Own cursors echoed back inside batches (not deliveries). */
    ownCursorEchoes: number;
    /** Acks received (each one a packet the relay wrote). */
    acks: number;
    /** Packets the relay wrote to sockets: cursor packets + tissue and other broadcasts + acks. */
    packetsOut: number;
  };
  latency: { tissue: LatencySummary; cursor: LatencySummary; tissueAck: LatencySummary };
  sequenced: {
    /** Tissue events sent in the window and acked ok. */
    acked: number;
    /** Acked with `ok: false`. */
    rejected: number;
    /** No ack by the end of the drain. */
    unacked: number;
    expected: number;
    received: number;
    ratio: number;
    duplicates: number;
  };
  errors: {
    ackErrors: Record<string, number>;
    serverErrors: Record<string, number>;
    disconnects: number;
  };
  loadgen: { cpuUs: number; cpuPctOfCore: number; loopDelayP99Ms: number };
}

interface TissueRecord {
  sentAt: number;
  inWindow: boolean;
  ack: 'pending' | 'ok' | 'rejected';
  received: number;
}

interface User {
  member: Member;
  sessionId: string;
  roomSize: number;
  socket: RelaySocket;
  tool: string;
  tissueAction: string;
  cursorCount: number;
  /** Send time of cursor update k at index k & RING_MASK. */
  cursorSentAt: Float64Array;
  nextCursorAt: number;
  tissueCount: number;
  tissue: Map<number, TissueRecord>;
  nextTissueAt: number;
  /** Seqs of tissue updates this user received (de-duplication). */
  seenSeqs: Set<number>;
}

const RING = 128;
const RING_MASK = RING - 1;
/** Counters wrap here (a multiple of RING, about 1 m in micrometres). */
const COUNTER_WRAP = 1 << 20;
const UM_PER_M = 1e6;

/** Connects every member, runs warm-up, window and drain, and returns the figures. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmupS = options.warmupS ?? 5;
  const measureS = options.measureS ?? 20;
  const drainS = options.drainS ?? 2;
  const cursorPeriodMs = 1000 / (options.cursorHz ?? 30);
  const [tissueMinMs, tissueMaxMs] = options.tissueIntervalMs ?? [200, 500];
  const tissuePoints = options.tissuePoints ?? 4;
  const log = options.log ?? (() => {});

  const users: User[] = [];
  const usersById = new Map<string, User>();
  const ackErrors: Record<string, number> = {};
  const serverErrors: Record<string, number> = {};
  const bump = (table: Record<string, number>, key: string) => {
    table[key] = (table[key] ?? 0) + 1;
  };
  let disconnects = 0;

  let measuring = false;
  let cursorSent = 0;
  let tissueSent = 0;
  let cursorDeliveries = 0;
  let cursorPackets = 0;
  let ownCursorEchoes = 0;
  let tissueDeliveries = 0;
  let otherDeliveries = 0;
  let duplicates = 0;
  let acksReceived = 0;
  const tissueLatency = createHistogram();
  const cursorLatency = createHistogram();
  const ackLatency = createHistogram();
  const recordMs = (h: ReturnType<typeof createHistogram>, ms: number) =>
    h.record(Math.max(1, Math.round(ms * 1000)));

  const onEvent = (receiver: User) => (name: string, payload: unknown) => {
    if (name === 'surgery:cursor-position') {
      const now = performance.now();
      const cursors = (payload as { cursors: { userId: string; position: number[] }[] }).cursors;
      if (measuring) cursorPackets++;
      for (const cursor of cursors) {
        if (cursor.userId === receiver.member.userId) {
          if (measuring) ownCursorEchoes++;
          continue;
        }
        const sender = usersById.get(cursor.userId);
        if (!sender || !measuring) continue;
        const k = Math.round(cursor.position[0]! * UM_PER_M);
        cursorDeliveries++;
        recordMs(cursorLatency, now - sender.cursorSentAt[k & RING_MASK]!);
      }
    } else if (name === 'surgery:tissue-update') {
      const now = performance.now();
      const event = payload as {
        userId: string;
        seq: number;
        pointsUm?: number[][];
        points?: number[][];
      };
      if (receiver.seenSeqs.has(event.seq)) {
        duplicates++;
        return;
      }
      receiver.seenSeqs.add(event.seq);
      const sender = usersById.get(event.userId);
      const k = event.pointsUm
        ? event.pointsUm[0]![0]!
        : Math.round(event.points![0]![0]! * UM_PER_M);
      const record = sender?.tissue.get(k);
      if (record) record.received++;
      if (measuring) {
        tissueDeliveries++;
        if (record) recordMs(tissueLatency, now - record.sentAt);
      }
    } else if (name === 'surgery:error') {
      bump(serverErrors, (payload as { code?: string }).code ?? 'UNKNOWN');
    } else if (measuring) {
      otherDeliveries++;
    }
  };

  // ---- connect and join (not measured)
  const roster = options.plans.flatMap((plan) => plan.members.map((member) => ({ plan, member })));
  log(`connecting ${roster.length} sockets`);
  await mapLimit(roster.length, 16, async (i) => {
    const { plan, member } = roster[i]!;
    const socket: RelaySocket =
      options.mode === 'colyseus'
        ? await ColyseusSocket.connect({
            url: options.url,
            session: plan.sessionId,
            user: member.userId,
          })
        : await LeanSocket.connect(
            options.mode === 'bare'
              ? { url: options.url, query: { room: plan.sessionId, user: member.userId } }
              : { url: options.url, auth: { token: member.token } },
          );
    const user: User = {
      member,
      sessionId: plan.sessionId,
      roomSize: plan.members.length,
      socket,
      tool: member.isHost ? 'scalpel' : 'forceps',
      tissueAction: member.isHost ? 'cut' : 'grasp',
      cursorCount: 0,
      cursorSentAt: new Float64Array(RING),
      nextCursorAt: 0,
      tissueCount: 0,
      tissue: new Map(),
      nextTissueAt: 0,
      seenSeqs: new Set(),
    };
    socket.onClose = () => disconnects++;
    if (options.mode === 'app') {
      const ack = (await socket.request('surgery:join-session', { sessionId: plan.sessionId })) as {
        ok: boolean;
        error?: unknown;
      };
      if (!ack.ok) throw new Error(`join-session failed: ${JSON.stringify(ack.error)}`);
    }
    socket.onEvent = onEvent(user);
    users.push(user);
    usersById.set(member.userId, user);
  });
  if (options.mode === 'app') {
    await Promise.all(
      users
        .filter((u) => u.member.isHost)
        .map(async (host) => {
          const ack = (await host.socket.request('surgery:simulation-control', {
            action: 'start',
          })) as { ok: boolean; error?: unknown };
          if (!ack.ok) throw new Error(`start failed: ${JSON.stringify(ack.error)}`);
        }),
    );
  }

  // ---- traffic
  const sendCursor = (user: User) => {
    const k = user.cursorCount++ % COUNTER_WRAP;
    const wobble = (k % 100) / 10_000;
    const sentAt = performance.now();
    user.cursorSentAt[k & RING_MASK] = sentAt;
    user.socket.emit('surgery:cursor-update', {
      position: [k / UM_PER_M, 1 + wobble, -0.3 - wobble],
      rotation: [0, 0.0998, 0, 0.995],
      tool: user.tool,
    });
    if (measuring) cursorSent++;
  };
  const sendTissue = (user: User) => {
    const k = user.tissueCount++ % COUNTER_WRAP;
    const points: number[][] = [];
    for (let p = 0; p < tissuePoints; p++) {
      points.push([p === 0 ? k / UM_PER_M : 0.01 + p * 0.0025, 1, -0.3 + p * 0.001]);
    }
    const record: TissueRecord = {
      sentAt: performance.now(),
      inWindow: measuring,
      ack: 'pending',
      received: 0,
    };
    user.tissue.set(k, record);
    if (measuring) tissueSent++;
    user.socket.emitWithAck(
      'surgery:tissue-interact',
      { tool: user.tool, action: user.tissueAction, points, depth: 0.002, force: 1.5 },
      (ack) => {
        const result = ack as { ok: boolean; error?: { code?: string } };
        record.ack = result.ok ? 'ok' : 'rejected';
        if (measuring) acksReceived++;
        if (!result.ok) bump(ackErrors, result.error?.code ?? 'UNKNOWN');
        if (record.inWindow) recordMs(ackLatency, performance.now() - record.sentAt);
      },
    );
  };
  const tissueGap = () => tissueMinMs + Math.random() * (tissueMaxMs - tissueMinMs);
  const startedAt = performance.now();
  for (const user of users) {
    user.nextCursorAt = startedAt + Math.random() * cursorPeriodMs;
    user.nextTissueAt = startedAt + Math.random() * tissueMaxMs;
  }
  const scheduler = setInterval(() => {
    const now = performance.now();
    for (const user of users) {
      if (now >= user.nextCursorAt) {
        sendCursor(user);
        user.nextCursorAt += cursorPeriodMs;
        if (user.nextCursorAt < now) user.nextCursorAt = now + cursorPeriodMs;
      }
      if (now >= user.nextTissueAt) {
        sendTissue(user);
        user.nextTissueAt = now + tissueGap();
      }
    }
  }, 1);

  log(`warm-up ${warmupS}s`);
  await sleep(warmupS * 1000);
  await options.onWindowStart?.();
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loopDelay.enable();
  const cpuStart = process.cpuUsage();
  const windowStart = performance.now();
  measuring = true;
  log(`measuring ${measureS}s`);
  await sleep(measureS * 1000);
  measuring = false;
  const windowS = (performance.now() - windowStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  loopDelay.disable();
  await options.onWindowEnd?.();
  clearInterval(scheduler);
  log(`draining ${drainS}s`);
  await sleep(drainS * 1000);

  // ---- sequenced delivery
  let acked = 0;
  let rejected = 0;
  let unacked = 0;
  let expected = 0;
  let received = 0;
  for (const user of users) {
    for (const record of user.tissue.values()) {
      if (!record.inWindow) continue;
      if (record.ack === 'rejected') rejected++;
      else if (record.ack === 'pending') unacked++;
      else {
        acked++;
        expected += user.roomSize - 1;
        received += Math.min(record.received, user.roomSize - 1);
      }
    }
  }
  for (const user of users) user.socket.close();

  const cpuUs = cpu.user + cpu.system;
  const deliveriesTotal = cursorDeliveries + tissueDeliveries + otherDeliveries;
  return {
    windowS,
    sockets: users.length,
    inbound: {
      cursor: cursorSent,
      tissue: tissueSent,
      total: cursorSent + tissueSent,
      perS: (cursorSent + tissueSent) / windowS,
    },
    deliveries: {
      cursor: cursorDeliveries,
      tissue: tissueDeliveries,
      other: otherDeliveries,
      total: deliveriesTotal,
      perS: deliveriesTotal / windowS,
      cursorPackets,
      ownCursorEchoes,
      acks: acksReceived,
      packetsOut: cursorPackets + tissueDeliveries + otherDeliveries + acksReceived,
    },
    latency: {
      tissue: summarize(tissueLatency),
      cursor: summarize(cursorLatency),
      tissueAck: summarize(ackLatency),
    },
    sequenced: {
      acked,
      rejected,
      unacked,
      expected,
      received,
      ratio: expected ? received / expected : 0,
      duplicates,
    },
    errors: { ackErrors, serverErrors, disconnects },
    loadgen: {
      cpuUs,
      cpuPctOfCore: (cpuUs / (windowS * 1e6)) * 100,
      loopDelayP99Ms: excessDelayMs(loopDelay.percentile(99)),
    },
  };
}

function summarize(h: ReturnType<typeof createHistogram>): LatencySummary {
  if (h.count === 0)
    return { count: 0, p50Ms: NaN, p99Ms: NaN, p999Ms: NaN, maxMs: NaN, meanMs: NaN };
  return {
    count: h.count,
    p50Ms: h.percentile(50) / 1000,
    p99Ms: h.percentile(99) / 1000,
    p999Ms: h.percentile(99.9) / 1000,
    maxMs: h.max / 1000,
    meanMs: h.mean / 1000,
  };
}
