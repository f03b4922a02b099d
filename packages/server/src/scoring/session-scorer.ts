import { TICK_HZ, type EventLogEntry, type ScorePayload } from '@scrubin/protocol';
import type { Logger } from 'pino';
import type { Models, SimulationDoc } from '../db/models.js';
import type { EventLog } from '../eventlog/event-log.js';
import type { RoomBroadcaster } from '../realtime/session-runtime.js';
import { recordingTextOf } from './recording.js';
import type { ReplayWorker } from './replay-worker.js';

const PAGE = 5000;

/**
 * Scores completed sessions: replays the stored log with the simulation (in a worker thread),
 * stores score, errors, performance, cuts and the per-participant details in the session
 * document, and sends `surgery:score` to the room.
 */
export class SessionScorer {
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly models: Models,
    private readonly eventLog: EventLog,
    private readonly worker: ReplayWorker,
    private readonly broadcaster: RoomBroadcaster,
    private readonly logger: Logger,
  ) {}

  /** Scores a session once; concurrent calls share the work. */
  score(sessionId: string): Promise<void> {
    let running = this.#inFlight.get(sessionId);
    if (!running) {
      running = this.#score(sessionId)
        .catch((err: unknown) => this.logger.error({ err, sessionId }, 'scoring failed'))
        .finally(() => this.#inFlight.delete(sessionId));
      this.#inFlight.set(sessionId, running);
    }
    return running;
  }

  /** Scores completed sessions that were never scored (the server stopped first). */
  async scoreBacklog(): Promise<void> {
    const docs = await this.models.Simulation.find({ status: 'completed', scoreDetails: null })
      .select({ sessionId: 1 })
      .limit(100)
      .lean<{ sessionId: string }[]>();
    for (const doc of docs) await this.score(doc.sessionId);
  }

  /** Every stored event of a session, in seq order. */
  async events(sessionId: string): Promise<EventLogEntry[]> {
    const all: EventLogEntry[] = [];
    for (;;) {
      const page = await this.eventLog.readAfter(sessionId, all.at(-1)?.seq ?? 0, PAGE);
      all.push(...page);
      if (page.length < PAGE) return all;
    }
  }

  /** The recording of a session as it stands. */
  async recording(doc: SimulationDoc): Promise<string> {
    const events = await this.events(doc.sessionId);
    const endTick = Math.floor(((doc.activeMs ?? 0) * TICK_HZ) / 1000);
    return recordingTextOf(doc, events, endTick, doc.stateHashes ?? []);
  }

  async #score(sessionId: string): Promise<void> {
    const doc = await this.models.Simulation.findOne({ sessionId }).lean();
    if (!doc || doc.status !== 'completed') return;
    const started = Date.now();
    const result = await this.worker.run(await this.recording({ ...doc, stateHashes: [] }));
    const { participants } = result;
    await this.models.Simulation.updateOne(
      { sessionId },
      {
        $set: {
          score: result.score,
          errors: result.errors,
          performance: result.performance,
          cuts: result.cuts,
          scoreDetails: {
            participants,
            finalHash: result.finalHash,
            ticks: result.ticks,
            scoredAt: new Date(),
          },
          stateHashes: result.hashes.map((h) => ({
            kind: 'hash' as const,
            tick: h.tick,
            hash: h.hash,
          })),
        },
      },
    );
    this.logger.info(
      { sessionId, score: result.score, ms: Date.now() - started },
      'session scored',
    );
    const payload: ScorePayload = {
      sessionId,
      score: result.score,
      participants,
      finalHash: result.finalHash,
    };
    this.broadcaster.emit(sessionId, 'surgery:score', payload);
  }
}
