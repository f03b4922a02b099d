/* Worker thread: replays a recording with the simulation, off the event loop that serves sockets. */
import { parentPort } from 'node:worker_threads';
import { replay, toParticipantScore } from '@scrubin/sim';
import type { WorkerReplayResult } from './replay-worker.js';

parentPort?.on('message', (message: { id: number; recording: string }) => {
  try {
    const { finalHash, ticks, hashes, scores } = replay(message.recording);
    const result: WorkerReplayResult = {
      finalHash,
      ticks,
      hashes,
      score: scores.score,
      errors: scores.errors,
      performance: { ...scores.performance },
      cuts: scores.cuts,
      participants: scores.participants.map(toParticipantScore),
    };
    parentPort?.postMessage({ id: message.id, ok: true, result });
  } catch (err) {
    parentPort?.postMessage({
      id: message.id,
      ok: false,
      error: err instanceof Error ? err.message : String(err),
    });
  }
});
