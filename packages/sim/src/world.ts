import {
  TOOLS,
  type EventLogEntry,
  type Role,
  type ScenarioId,
  type SequencedPayloads,
  type Tool,
} from '@scrubin/protocol';
import { Prng } from './core/prng.js';
import { StateHasher } from './core/hash.js';
import { SCENARIOS, type ScenarioDefinition } from './scenarios/definitions.js';
import { emptyTelemetry, type KeyMoment, type ParticipantTelemetry } from './telemetry.js';
import { TIERS, HASH_INTERVAL_TICKS, SIM_TICK_HZ, SIM_VERSION, type TierId } from './tiers.js';
import { approximateBytes, type WorldSnapshot } from './snapshot.js';
import { cutAlong } from './tissue/cutting.js';
import { buildSlab, type Slab, type SlabSpec } from './tissue/slab.js';
import { stepSlab, type Attachment, type ContactSphere, type Stitch } from './tissue/solver.js';
import { INSTRUMENTS } from './tools/instruments.js';
import { attachNearest } from './tools/grasp.js';
import { SutureBook, distanceBetween, surfacePointAt, type SutureState } from './tools/suture.js';
import { checkForbidden, cutCrossesZone } from './tools/forbidden.js';

/** Options of a world. */
export interface WorldOptions {
  scenario: ScenarioId;
  /** @default 'default' */
  tier?: TierId;
  /** Seed of the PRNG (small variations of the tissue). @default 1 */
  seed?: number;
}

/** Particle mass, kg (about a 2.5 mm cube of soft tissue). */
const PARTICLE_INV_MASS = 64_000;
const MICRO = 1_000_000;
const JAW_CLOSED_BELOW = 200;
/** Moves shorter than this don't count as blade strokes across the edge, metres. */
const DRAG_MIN_MOVE_M = 0.0002;
/** |cos| between blade edge and motion below which a move is a drag, not a cut. */
const DRAG_MAX_COS = 0.5;
const STITCH_REST_M = 0.0005;
/** Tips higher than this above the surface are not tested for contact, metres. */
const CONTACT_REACH_M = 0.02;
/** Below this speed everywhere, m/s, the tissue counts as still. */
const STILL_SPEED_M_S = 2e-5;
/** Still this many ticks with unchanged inputs, the tissue sleeps until an event wakes it. */
export const SLEEP_AFTER_TICKS = 30;
const STITCH_COMPLIANCE = 1e-7;
/** How fast a tied stitch closes, metres per tick (4.5 mm/s). */
const STITCH_CINCH_M_PER_TICK = 0.00005;

interface Held {
  attachment: Attachment;
  offsetX: number;
  offsetY: number;
  offsetZ: number;
}

interface ParticipantState {
  userId: string;
  tool: Tool | null;
  tip: [number, number, number] | null;
  /** Blade edge direction in the surface plane (x, z), unit or zero. */
  edgeX: number;
  edgeZ: number;
  active: boolean;
  held: Held[];
  insideZones: boolean[];
  strokeOpen: boolean;
  cauteryDwellTicks: number;
  /** Tick of the last pose, for dwell. */
  lastPoseTick: number;
}

/** What a {@link WorldSnapshot} holds besides the slab's arrays (copied in one go, see below). */
interface WorldRecords {
  participants: ParticipantState[];
  telemetry: ParticipantTelemetry[];
  moments: KeyMoment[];
  hashes: { tick: number; hash: string }[];
  stitches: Stitch[];
  sutures: SutureState;
  presses: ContactSphere[];
}

/** The contents of a {@link WorldSnapshot}. */
interface WorldState extends WorldRecords {
  tick: number;
  prng: number;
  lastSeq: number;
  stillTicks: number;
  stepsRun: number;
  unattributedTears: number;
  pos: Float64Array;
  prev: Float64Array;
  vel: Float64Array;
  lastTickPos: Float64Array;
  dActive: Uint8Array;
  tActive: Uint8Array;
}

/**
 * The simulated patient of one session: tissue, instruments and what every participant did.
 * Feed it the session's log entries in (tick, seq) order with {@link apply}, advance it with
 * {@link advanceTo}; it never reads a clock or a random source of its own.
 */
export class World {
  readonly scenario: ScenarioDefinition;
  readonly tier: TierId;
  readonly seed: number;
  tick = 0;
  slab!: Slab;
  prng!: Prng;
  /** Participants by id, in order of first appearance. */
  readonly participants = new Map<string, ParticipantState>();
  readonly telemetry = new Map<string, ParticipantTelemetry>();
  readonly moments: KeyMoment[] = [];
  /** State hashes, one every {@link HASH_INTERVAL_TICKS} ticks. */
  readonly hashes: { tick: number; hash: string }[] = [];
  stitches: Stitch[] = [];
  sutures!: SutureBook;
  /** Tears with no instrument holding tissue. */
  unattributedTears = 0;
  lastSeq = 0;
  /** Ticks the tissue has been still with unchanged inputs; past {@link SLEEP_AFTER_TICKS} it sleeps. */
  stillTicks = 0;
  /** Physics steps actually run (the rest slept). */
  stepsRun = 0;
  #presses: ContactSphere[] = [];
  /** Positions at the end of the previous awake tick. */
  #lastTickPos = new Float64Array(0);

  constructor(options: WorldOptions) {
    this.scenario = SCENARIOS[options.scenario];
    if (!this.scenario) throw new Error(`Unknown scenario ${String(options.scenario)}`);
    this.tier = options.tier ?? 'default';
    if (!TIERS[this.tier]) throw new Error(`Unknown tier ${String(options.tier)}`);
    this.seed = (options.seed ?? 1) >>> 0;
    this.#build();
  }

  /** Rebuilds the tissue at rest (start and reset). */
  #build(): void {
    const tier = TIERS[this.tier];
    const spec: SlabSpec = {
      gridSize: tier.gridSize,
      spacingM: tier.spacingM,
      skinThicknessM: this.scenario.skinThicknessM,
      deepThicknessM: this.scenario.deepThicknessM,
      pretension: 0.03,
      skinCompliance: 5e-4,
      deepCompliance: 2e-3,
      volumeCompliance: 1e-13,
      tearStrain: 0.6,
    };
    this.prng = new Prng(this.seed);
    this.slab = buildSlab(spec);
    this.#lastTickPos = new Float64Array(this.slab.pos);
    const { slab } = this;
    for (let p = 0; p < slab.count; p++)
      if (slab.invMass[p] !== 0) slab.invMass[p] = PARTICLE_INV_MASS;
    // Each seed gives a slightly different patient: rest lengths within ±0.5 %.
    for (let e = 0; e < slab.dRest.length; e++) {
      slab.dRest[e] = slab.dRest[e]! * (1 + (this.prng.nextFloat() - 0.5) * 0.01);
    }
    const lac = this.scenario.laceration;
    if (lac)
      cutAlong(slab, lac.from[0], lac.from[1], lac.to[0], lac.to[1], this.scenario.skinThicknessM);
    this.stitches = [];
    this.sutures = new SutureBook(this.scenario);
    this.#presses = [];
  }

  /** Runs ticks until `tick` (events of that tick may then be applied). */
  advanceTo(tick: number): void {
    while (this.tick < tick) this.step();
  }

  /** Applies one log entry at the current tick boundary. Entries must come in (tick, seq) order. */
  apply(entry: EventLogEntry): void {
    if (entry.tick < this.tick) {
      throw new Error(
        `Event seq ${entry.seq} is for tick ${entry.tick}, but the world is at tick ${this.tick}`,
      );
    }
    if (entry.seq <= this.lastSeq) {
      throw new Error(`Event seq ${entry.seq} is not after seq ${this.lastSeq}`);
    }
    this.advanceTo(entry.tick);
    this.lastSeq = entry.seq;
    switch (entry.type) {
      case 'participant-joined': {
        const p = entry.payload as SequencedPayloads['participant-joined'];
        this.#participant(entry.userId, p.name, p.role);
        this.#moment(entry, 'joined', p.name);
        break;
      }
      case 'participant-updated': {
        const t = this.telemetry.get(entry.userId);
        if (t) t.role = (entry.payload as SequencedPayloads['participant-updated']).role;
        break;
      }
      case 'participant-left':
      case 'chat-message':
        break;
      case 'simulation-state': {
        const p = entry.payload as SequencedPayloads['simulation-state'];
        const kind = (
          {
            start: 'started',
            pause: 'paused',
            resume: 'resumed',
            stop: 'completed',
            end: 'completed',
            reset: 'reset',
          } as const
        )[p.action];
        this.#moment(entry, kind);
        break;
      }
      case 'simulation-reset':
        this.#wake();
        this.#reset();
        this.#moment(entry, 'reset');
        break;
      case 'tool-selected': {
        // Only events that change what acts on the tissue wake it (chat, presence don't).
        const state = this.#state(entry.userId);
        const before = this.#touches(state);
        this.#select(state, (entry.payload as SequencedPayloads['tool-selected']).tool);
        if (before || this.#touches(state)) this.#wake();
        break;
      }
      case 'tool-interaction': {
        const state = this.#state(entry.userId);
        const before = this.#touches(state);
        this.#toolInteraction(entry, entry.payload as SequencedPayloads['tool-interaction']);
        if (before || this.#touches(state)) this.#wake();
        break;
      }
      case 'tissue-update':
        this.#wake();
        this.#tissueUpdate(entry, entry.payload as SequencedPayloads['tissue-update']);
        break;
    }
  }

  /** One tick: instruments press and hold, the tissue relaxes, tears and slips are counted. */
  step(): void {
    if (this.stillTicks >= SLEEP_AFTER_TICKS) {
      // Asleep: nothing moves until an event changes the inputs (deterministic, so live and
      // replayed runs sleep on the same ticks).
      this.#tickDone();
      return;
    }
    const contacts: ContactSphere[] = [...this.#presses];
    const attachments: Attachment[] = [];
    for (const state of this.participants.values()) {
      if (state.tool && state.tip) {
        const spec = INSTRUMENTS[state.tool];
        const slicing = spec.cuts && state.active;
        // A tip far above the surface touches nothing.
        if (!slicing && state.held.length === 0 && state.tip[1] < CONTACT_REACH_M) {
          contacts.push({
            x: state.tip[0],
            y: state.tip[1] + spec.tipRadiusM,
            z: state.tip[2],
            radius: spec.tipRadiusM,
            layers: 1,
          });
        }
      }
      for (const h of state.held) attachments.push(h.attachment);
    }
    for (const stitch of this.stitches) {
      if (stitch.restM > STITCH_REST_M) {
        const next = stitch.restM - STITCH_CINCH_M_PER_TICK;
        stitch.restM = next > STITCH_REST_M ? next : STITCH_REST_M;
      }
    }
    const { torn } = stepSlab(this.slab, {
      dtS: 1 / SIM_TICK_HZ,
      substeps: TIERS[this.tier].substeps,
      gravityY: -9.81,
      damping: 4,
      contacts,
      attachments,
      stitches: this.stitches,
    });
    this.#presses = [];
    this.stepsRun += 1;
    // Inputs only change on events, so a still tissue stays still until the next one.
    this.stillTicks =
      torn.length === 0 && this.#maxSpeed() < STILL_SPEED_M_S ? this.stillTicks + 1 : 0;
    for (const state of this.participants.values()) {
      const slipped = state.held.filter((h) => h.attachment.slipped);
      if (slipped.length > 0) {
        state.held = state.held.filter((h) => !h.attachment.slipped);
        const incident = { tick: this.tick, seq: this.lastSeq };
        this.telemetry.get(state.userId)!.slips.push(incident);
        this.moments.push({ ...incident, userId: state.userId, kind: 'slip' });
      }
    }
    if (torn.length > 0) {
      const holders = [...this.participants.values()].filter((s) => s.held.length > 0);
      if (holders.length === 0) this.unattributedTears += torn.length;
      for (const holder of holders) {
        const incident = {
          tick: this.tick,
          seq: this.lastSeq,
          detail: `${torn.length} constraints`,
        };
        this.telemetry.get(holder.userId)!.tears.push(incident);
        this.moments.push({
          tick: this.tick,
          seq: this.lastSeq,
          userId: holder.userId,
          kind: 'tear',
        });
      }
    }
    this.#tickDone();
  }

  #tickDone(): void {
    for (const state of this.participants.values()) {
      if (!state.active) continue;
      const t = this.telemetry.get(state.userId)!;
      t.activeTicks += 1;
      t.firstActiveTick ??= this.tick;
      t.lastActiveTick = this.tick;
    }
    this.tick += 1;
    if (this.tick % HASH_INTERVAL_TICKS === 0)
      this.hashes.push({ tick: this.tick, hash: this.hash() });
  }

  /**
   * Fastest particle over the last tick, from its displacement since the previous tick's end:
   * substeps may cycle (volumes every other one) while the tissue, tick to tick, stands still.
   */
  #maxSpeed(): number {
    const pos = this.slab.pos;
    const last = this.#lastTickPos;
    let max2 = 0;
    for (let i = 0; i < pos.length; i += 3) {
      const dx = pos[i]! - last[i]!;
      const dy = pos[i + 1]! - last[i + 1]!;
      const dz = pos[i + 2]! - last[i + 2]!;
      const d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > max2) max2 = d2;
    }
    last.set(pos);
    return Math.sqrt(max2) * SIM_TICK_HZ;
  }

  /** Hash of the whole simulation state, bit for bit. */
  hash(): string {
    const h = new StateHasher();
    h.word(this.tick).word(this.prng.state).word(this.lastSeq).word(this.stillTicks);
    h.array(this.slab.pos).array(this.slab.vel).array(this.slab.dActive).array(this.slab.tActive);
    h.word(this.stitches.length);
    for (const stitch of this.stitches) h.float(stitch.restM);
    for (const state of this.participants.values()) {
      h.word(state.held.length)
        .word(state.active ? 1 : 0)
        .word(state.tool ? TOOLS.indexOf(state.tool) + 1 : 0);
      if (state.tip) h.float(state.tip[0]).float(state.tip[1]).float(state.tip[2]);
      h.float(state.edgeX).float(state.edgeZ);
      for (const held of state.held) {
        h.word(held.attachment.particle)
          .float(held.attachment.x)
          .float(held.attachment.y)
          .float(held.attachment.z);
      }
    }
    return h.digest();
  }

  /**
   * Copies everything the World's future depends on (see {@link WorldSnapshot}). What the
   * scenario, tier and seed determine (rest lengths, masses, the mesh) is rebuilt, not copied.
   */
  snapshot(): WorldSnapshot {
    const { slab } = this;
    const state: WorldState = {
      tick: this.tick,
      prng: this.prng.state,
      lastSeq: this.lastSeq,
      stillTicks: this.stillTicks,
      stepsRun: this.stepsRun,
      unattributedTears: this.unattributedTears,
      pos: slab.pos.slice(),
      prev: slab.prev.slice(),
      vel: slab.vel.slice(),
      lastTickPos: this.#lastTickPos.slice(),
      dActive: slab.dActive.slice(),
      tActive: slab.tActive.slice(),
      ...copyRecords({
        participants: [...this.participants.values()],
        telemetry: [...this.telemetry.values()],
        moments: this.moments,
        hashes: this.hashes,
        stitches: this.stitches,
        sutures: this.sutures.state,
        presses: this.#presses,
      }),
    };
    return {
      simVersion: SIM_VERSION,
      scenario: this.scenario.id,
      tier: this.tier,
      seed: this.seed,
      tick: this.tick,
      lastSeq: this.lastSeq,
      bytes: approximateBytes(state),
      state,
    };
  }

  /**
   * Puts the World back where `snapshot` was taken (earlier or later than it is now). The
   * snapshot stays untouched, so it can be restored again. It must come from a World of the same
   * scenario, tier and seed.
   */
  restore(snapshot: WorldSnapshot): void {
    if (
      snapshot.simVersion !== SIM_VERSION ||
      snapshot.scenario !== this.scenario.id ||
      snapshot.tier !== this.tier ||
      snapshot.seed !== this.seed
    ) {
      throw new Error(
        `A snapshot of ${snapshot.scenario}/${snapshot.tier}/seed ${snapshot.seed} (simulation ` +
          `${snapshot.simVersion}) cannot be restored into ${this.scenario.id}/${this.tier}/seed ` +
          `${this.seed} (simulation ${SIM_VERSION})`,
      );
    }
    const state = snapshot.state as WorldState;
    const records = copyRecords(state);
    const { slab } = this;
    this.tick = state.tick;
    this.prng.state = state.prng;
    this.lastSeq = state.lastSeq;
    this.stillTicks = state.stillTicks;
    this.stepsRun = state.stepsRun;
    this.unattributedTears = state.unattributedTears;
    slab.pos.set(state.pos);
    slab.prev.set(state.prev);
    slab.vel.set(state.vel);
    this.#lastTickPos.set(state.lastTickPos);
    slab.dActive.set(state.dActive);
    slab.tActive.set(state.tActive);
    this.participants.clear();
    for (const p of records.participants) this.participants.set(p.userId, p);
    this.telemetry.clear();
    for (const t of records.telemetry) this.telemetry.set(t.userId, t);
    this.moments.length = 0;
    this.moments.push(...records.moments);
    this.hashes.length = 0;
    this.hashes.push(...records.hashes);
    this.stitches = records.stitches;
    this.sutures.restore(records.sutures);
    this.#presses = records.presses;
  }

  /** A new World in the state of `snapshot`. */
  static fromSnapshot(snapshot: WorldSnapshot): World {
    const world = new World({
      scenario: snapshot.scenario,
      tier: snapshot.tier,
      seed: snapshot.seed,
    });
    world.restore(snapshot);
    return world;
  }

  #participant(userId: string, name: string, role: Role): ParticipantState {
    let state = this.participants.get(userId);
    if (!state) {
      state = {
        userId,
        tool: null,
        tip: null,
        edgeX: 0,
        edgeZ: 0,
        active: false,
        held: [],
        insideZones: this.scenario.forbiddenZones.map(() => false),
        strokeOpen: false,
        cauteryDwellTicks: 0,
        lastPoseTick: 0,
      };
      this.participants.set(userId, state);
      this.telemetry.set(userId, emptyTelemetry(userId, name, role));
    }
    return state;
  }

  /** A participant who acts without a join in the log (a partial recording) still counts. */
  #state(userId: string): ParticipantState {
    return this.participants.get(userId) ?? this.#participant(userId, userId, 'assistant');
  }

  #moment(entry: EventLogEntry, kind: KeyMoment['kind'], detail?: string): void {
    this.moments.push({
      tick: entry.tick,
      seq: entry.seq,
      userId: entry.userId,
      kind,
      ...(detail ? { detail } : {}),
    });
  }

  #reset(): void {
    this.#build();
    for (const [userId, state] of this.participants) {
      state.held = [];
      state.active = false;
      state.strokeOpen = false;
      const t = this.telemetry.get(userId)!;
      this.telemetry.set(userId, emptyTelemetry(userId, t.name, t.role));
    }
    this.unattributedTears = 0;
  }

  #select(state: ParticipantState, tool: Tool): void {
    if (state.tool === tool) return;
    state.tool = tool;
    state.active = false;
    state.held = [];
    state.strokeOpen = false;
    const t = this.telemetry.get(state.userId)!;
    if (!t.toolsUsed.includes(tool)) t.toolsUsed.push(tool);
  }

  #toolInteraction(entry: EventLogEntry, p: SequencedPayloads['tool-interaction']): void {
    const state = this.#state(entry.userId);
    this.#select(state, p.tool);
    const spec = INSTRUMENTS[p.tool];
    if (p.action === 'activate') this.#activate(state);
    if (p.action === 'deactivate') {
      state.active = false;
      state.strokeOpen = false;
    }
    if (p.pose) {
      const q = p.pose.rotationQ;
      // Blade edge: the tool's local +x axis rotated by q, projected on the surface plane.
      const [qx, qy, qz, qw] = [q[0] / 32767, q[1] / 32767, q[2] / 32767, q[3] / 32767];
      const ex = 1 - 2 * (qy * qy + qz * qz);
      const ez = 2 * (qx * qz - qw * qy);
      const elen = Math.sqrt(ex * ex + ez * ez);
      state.edgeX = elen > 1e-6 ? ex / elen : 0;
      state.edgeZ = elen > 1e-6 ? ez / elen : 0;
      const tip: [number, number, number] = [
        p.pose.positionUm[0] / MICRO,
        p.pose.positionUm[1] / MICRO,
        p.pose.positionUm[2] / MICRO,
      ];
      this.#moveTip(entry, state, tip);
    }
    const jawClosed =
      p.action === 'close'
        ? true
        : p.action === 'open'
          ? false
          : p.jaw !== undefined
            ? p.jaw < JAW_CLOSED_BELOW
            : null;
    if (spec.grasps && jawClosed !== null && state.tip) {
      if (jawClosed && state.held.length === 0)
        this.#grasp(state, state.tip, spec.graspRadiusM, spec.graspMax, spec.slipForceN);
      if (!jawClosed) state.held = [];
      if (jawClosed) this.#activate(state);
      else state.active = false;
    }
  }

  /** Whether a participant's instrument can act on the tissue (near it, or holding it). */
  #touches(state: ParticipantState): boolean {
    return state.held.length > 0 || (state.tip !== null && state.tip[1] < CONTACT_REACH_M);
  }

  /** Inputs of the physics changed: step again until still. */
  #wake(): void {
    this.stillTicks = 0;
  }

  /** Turns an instrument on; its samples from here form a new movement. */
  #activate(state: ParticipantState): void {
    if (state.active) return;
    state.active = true;
    const t = this.telemetry.get(state.userId)!;
    t.sampleRunStarts.push(t.samples.length / 5);
  }

  #moveTip(entry: EventLogEntry, state: ParticipantState, tip: [number, number, number]): void {
    const prev = state.tip;
    state.tip = tip;
    const sincePoseTicks = this.tick - state.lastPoseTick;
    state.lastPoseTick = this.tick;
    const tool = state.tool;
    const t = this.telemetry.get(state.userId)!;
    if (state.active) t.samples.push(this.tick, entry.seq, tip[0], tip[1], tip[2]);
    for (const held of state.held) {
      held.attachment.x = tip[0] + held.offsetX;
      held.attachment.y = tip[1] + held.offsetY;
      held.attachment.z = tip[2] + held.offsetZ;
    }
    this.#checkZones(entry, state, tip);
    if (!tool || !prev) return;
    const spec = INSTRUMENTS[tool];
    if (tool === 'cautery' && state.active) {
      const dx = tip[0] - prev[0];
      const dz = tip[2] - prev[2];
      state.cauteryDwellTicks =
        dx * dx + dz * dz < 0.0005 * 0.0005 ? state.cauteryDwellTicks + sincePoseTicks : 0;
      if (state.cauteryDwellTicks > t.maxCauteryDwellTicks)
        t.maxCauteryDwellTicks = state.cauteryDwellTicks;
    }
    if (!spec.cuts || !state.active) return;
    const depth = Math.min(spec.maxCutDepthM, Math.max(-prev[1], -tip[1]));
    if (!(depth > 0)) {
      state.strokeOpen = false;
      return;
    }
    const mx = tip[0] - prev[0];
    const mz = tip[2] - prev[2];
    const move = Math.sqrt(mx * mx + mz * mz);
    if (move > DRAG_MIN_MOVE_M && (state.edgeX !== 0 || state.edgeZ !== 0)) {
      const cos = Math.abs((mx * state.edgeX + mz * state.edgeZ) / move);
      if (cos < DRAG_MAX_COS) {
        t.drags.push({ tick: this.tick, seq: entry.seq });
        return;
      }
    }
    this.#cut(entry, state, tool, prev[0], prev[2], tip[0], tip[2], depth);
  }

  #cut(
    entry: EventLogEntry,
    state: ParticipantState,
    tool: Tool,
    x0: number,
    z0: number,
    x1: number,
    z1: number,
    depth: number,
  ): void {
    const t = this.telemetry.get(state.userId)!;
    t.severed += cutAlong(this.slab, x0, z0, x1, z1, depth);
    let stroke = state.strokeOpen ? t.strokes.at(-1) : undefined;
    if (!stroke) {
      stroke = { tool, points: [x0, z0, depth], seqs: [] };
      t.strokes.push(stroke);
      state.strokeOpen = true;
      this.#moment(entry, 'incision-started', tool);
    }
    stroke.points.push(x1, z1, depth);
    stroke.seqs.push(entry.seq);
    for (const zone of this.scenario.forbiddenZones) {
      if (zone.critical && cutCrossesZone(zone, x0, z0, x1, z1, depth)) {
        t.vesselCuts.push({ tick: this.tick, seq: entry.seq, detail: zone.name });
        this.#moment(entry, 'vessel-cut', zone.name);
      }
    }
  }

  #checkZones(entry: EventLogEntry, state: ParticipantState, tip: [number, number, number]): void {
    const zones = this.scenario.forbiddenZones;
    for (let z = 0; z < zones.length; z++) {
      const inside = checkForbidden(zones[z]!, tip);
      if (inside && !state.insideZones[z]) {
        this.telemetry
          .get(state.userId)!
          .forbiddenContacts.push({ tick: this.tick, seq: entry.seq, detail: zones[z]!.name });
        this.#moment(entry, 'forbidden-contact', zones[z]!.name);
      }
      state.insideZones[z] = inside;
    }
  }

  #grasp(
    state: ParticipantState,
    at: readonly [number, number, number],
    radiusM: number,
    max: number,
    slipForceN: number,
  ): void {
    state.held = attachNearest(this.slab, at, radiusM, max).map((particle) => {
      const o = particle * 3;
      const offsetX = this.slab.pos[o]! - at[0];
      const offsetY = this.slab.pos[o + 1]! - at[1];
      const offsetZ = this.slab.pos[o + 2]! - at[2];
      return {
        attachment: {
          particle,
          x: at[0] + offsetX,
          y: at[1] + offsetY,
          z: at[2] + offsetZ,
          compliance: 1e-6,
          slipForceN,
          slipped: false,
        },
        offsetX,
        offsetY,
        offsetZ,
      };
    });
  }

  #tissueUpdate(entry: EventLogEntry, p: SequencedPayloads['tissue-update']): void {
    const state = this.#state(entry.userId);
    this.#select(state, p.tool);
    const spec = INSTRUMENTS[p.tool];
    const pts = p.pointsUm.map(
      (q) => [q[0] / MICRO, q[1] / MICRO, q[2] / MICRO] as [number, number, number],
    );
    const first = pts[0]!;
    const t = this.telemetry.get(state.userId)!;
    switch (p.action) {
      case 'cut':
      case 'cauterize': {
        if (!spec.cuts) break;
        // A cut sent as a path is one movement of its own, active or not.
        t.sampleRunStarts.push(t.samples.length / 5);
        for (let k = 0; k < pts.length; k++) {
          const pt = pts[k]!;
          const depthFromPoints = -pt[1];
          const depth = Math.min(
            spec.maxCutDepthM,
            p.depthUm !== undefined ? p.depthUm / MICRO : depthFromPoints,
          );
          this.#checkZones(entry, state, pt);
          t.samples.push(this.tick, entry.seq, pt[0], pt[1], pt[2]);
          if (k > 0 && depth > 0)
            this.#cut(entry, state, p.tool, pts[k - 1]![0], pts[k - 1]![2], pt[0], pt[2], depth);
        }
        state.strokeOpen = false;
        state.tip = pts[pts.length - 1]!;
        break;
      }
      case 'press':
        for (const pt of pts)
          this.#presses.push({
            x: pt[0],
            y: pt[1] + spec.tipRadiusM,
            z: pt[2],
            radius: spec.tipRadiusM,
            layers: 1,
          });
        break;
      case 'grasp':
      case 'retract':
        state.tip = first;
        this.#grasp(
          state,
          first,
          Math.max(spec.graspRadiusM, 0.002),
          Math.max(spec.graspMax, 2),
          spec.slipForceN || INSTRUMENTS.forceps.slipForceN,
        );
        this.#activate(state);
        break;
      case 'release':
        state.held = [];
        state.active = false;
        break;
      case 'puncture': {
        const point = surfacePointAt(this.slab, first[0], first[2]);
        if (!point) break;
        const result = this.sutures.puncture(
          state.userId,
          this.tick,
          entry.seq,
          first[0],
          first[2],
        );
        t.punctures.push(result.puncture);
        if (result.bite) {
          t.bites.push(result.bite);
          this.#moment(entry, 'bite');
        }
        break;
      }
      case 'tie': {
        const bite = this.sutures.tieLatest(entry.seq);
        if (!bite) break;
        const a = surfacePointAt(this.slab, bite.entry.x, bite.entry.z);
        const b = surfacePointAt(this.slab, bite.exit.x, bite.exit.z);
        if (a && b) {
          // Start at the current gap and draw it shut over the next ticks, as a knot is
          // cinched, rather than in one tick (which tears the edges).
          const gap = distanceBetween(this.slab, a, b);
          this.stitches.push({
            a: a.particles,
            wa: a.weights,
            b: b.particles,
            wb: b.weights,
            restM: gap > STITCH_REST_M ? gap : STITCH_REST_M,
            compliance: STITCH_COMPLIANCE,
          });
        }
        this.telemetry.get(state.userId)!.ties.push({ tick: this.tick, seq: entry.seq });
        this.#moment(entry, 'tie');
        break;
      }
    }
  }
}

/**
 * A deep copy of the records in one structured clone, so that objects shared between them stay
 * shared in the copy (a bite is both the suture book's and its participant's telemetry's, and a
 * tie marks it in both).
 */
function copyRecords(records: WorldRecords): WorldRecords {
  const { participants, telemetry, moments, hashes, stitches, sutures, presses } = records;
  return structuredClone({ participants, telemetry, moments, hashes, stitches, sutures, presses });
}
