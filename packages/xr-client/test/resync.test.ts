/**
 * The session's stores when the server's database is restored from a backup under them, in
 * Node with the real server, SDK and simulation (run on this thread instead of a worker): the
 * trainee's rejoin is answered `RESYNC_REQUIRED`, the SDK delivers the log again from seq 1, and
 * the World, chat, presence and status must end up as a fresh join builds them, without the cut
 * and the chat line the restore took away.
 */
import type { ToolInteractPayload } from '@scrubin/protocol';
import { createScrubinClient, type LiveSession, type ScrubinClient } from '@scrubin/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SessionController } from '../src/session/session-controller.js';
import {
  initialSessionState,
  sessionReducer,
  type SessionAction,
  type SessionState,
} from '../src/session/session-state.js';
import { createInProcessSimWorker, type InProcessSimWorker } from '../src/sim/in-process-worker.js';
import { SimBridge } from '../src/sim/sim-bridge.js';
import { startRestorableServer, type RestorableServer } from './helpers/restorable-server.js';
import { newUser } from './helpers/users.js';

let server: RestorableServer;
const clients: ScrubinClient[] = [];
const controllers: SessionController[] = [];

beforeAll(async () => {
  server = await startRestorableServer();
}, 120_000);
afterAll(async () => {
  for (const controller of controllers) controller.dispose();
  for (const client of clients) client.close();
  await server?.close();
});

/** A signed-up user whose handles reconnect within a fraction of a second once the server is back. */
async function user(name: string): Promise<{ client: ScrubinClient; id: string }> {
  const client = createScrubinClient({
    baseUrl: server.url,
    socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 500 },
  });
  clients.push(client);
  const { user: me } = await client.register(newUser(name));
  return { client, id: me.id };
}

/** A session view's stores without React: the controller, its reducer's state, its World. */
interface ViewUnderTest {
  controller: SessionController;
  state(): SessionState;
  actions: SessionAction['type'][];
  world(): InProcessSimWorker['host']['runner'];
}

async function openView(client: ScrubinClient, selfId: string, sessionId: string) {
  let state = initialSessionState(selfId);
  const actions: SessionAction['type'][] = [];
  let worker: InProcessSimWorker | undefined;
  const controller = new SessionController({
    client,
    sessionId,
    selfId,
    dispatch: (action) => {
      actions.push(action.type);
      state = sessionReducer(state, action);
    },
    notify: () => undefined,
    createBridge: () => new SimBridge(() => (worker = createInProcessSimWorker())),
  });
  controllers.push(controller);
  await controller.start();
  expect(state.phase, state.error?.message).toBe('joined');
  return {
    controller,
    state: () => state,
    actions,
    world: () => worker?.host.runner,
  } satisfies ViewUnderTest;
}

/** A scalpel stroke along x at 2.5 mm deep, from `x0` to `x1` (metres), paced like a hand. */
async function cut(live: LiveSession, x0: number, x1: number): Promise<void> {
  const pose = (x: number, y: number): ToolInteractPayload['pose'] => ({
    position: [x, y, 0],
    rotation: [0, 0, 0, 1],
  });
  const frame = () => new Promise((resolve) => setTimeout(resolve, 30));
  await live.toolInteract({ tool: 'scalpel', action: 'pose', pose: pose(x0, 0.01) });
  await live.toolInteract({ tool: 'scalpel', action: 'activate', pose: pose(x0, -0.0025) });
  for (let i = 1; i <= 20; i++) {
    await frame();
    await live.toolInteract({
      tool: 'scalpel',
      action: 'pose',
      pose: pose(x0 + ((x1 - x0) * i) / 20, -0.0025),
    });
  }
  await live.toolInteract({ tool: 'scalpel', action: 'deactivate', pose: pose(x1, 0.004) });
}

/** What must be equal between two views of the same session (not who is looking). */
function comparable(view: ViewUnderTest) {
  const state = view.state();
  const world = view.world()!;
  return {
    phase: state.phase,
    status: state.status,
    chat: state.chat,
    participants: [...state.participants].sort((a, b) => a.userId.localeCompare(b.userId)),
    score: state.score,
    restoring: state.restoring,
    controller: { status: view.controller.status, lastSeq: view.controller.lastSeq },
    remoteTools: view.controller.remote.tools(),
    world: { tick: world.world.tick, lastSeq: world.world.lastSeq, hash: world.world.hash() },
  };
}

describe('a restored server log under the session view', () => {
  it('rebuilds the World, chat, presence and status as a fresh join builds them', async () => {
    const host = await user('Dr Ada Lin');
    const { session } = await host.client.createSession({
      title: 'Restore drill',
      scenario: 'skin-incision',
    });
    const live = await host.client.join(session.sessionId);
    const trainee = await user('Bo Chen');
    await trainee.client.joinSession(session.uniqueLink, { role: 'assistant' });
    const view = await openView(trainee.client, trainee.id, session.sessionId);

    await live.control('start');
    await live.selectTool('scalpel');
    await cut(live, -0.03, -0.015);
    await live.chat('kept: before the backup');
    await vi.waitFor(() => expect(view.controller.lastSeq).toBe(live.lastSeq));
    const backup = await server.backup();

    await cut(live, 0.005, 0.02);
    await live.chat('lost: after the backup');
    await vi.waitFor(() => expect(view.controller.lastSeq).toBe(live.lastSeq));
    await vi.waitFor(() => expect(view.world()!.world.lastSeq).toBe(live.lastSeq));
    const cutBoth = view.world()!.status().severedSurfaceEdges;
    expect(view.state().chat.map((c) => c.text)).toEqual([
      'kept: before the backup',
      'lost: after the backup',
    ]);

    await server.restore(backup);
    await vi.waitFor(
      () => {
        expect(view.actions).toContain('resync');
        expect(view.state()).toMatchObject({ phase: 'joined', restoring: null });
      },
      { timeout: 30_000, interval: 100 },
    );
    // The banner came and went: resync, the rejoin's state, then back.
    expect(view.actions.slice(view.actions.indexOf('resync'))).toEqual(
      expect.arrayContaining(['resync', 'joined', 'reconnected']),
    );

    await vi.waitFor(() => expect(live.state).toBe('joined'), { timeout: 30_000 });
    await cut(live, 0.0, 0.01);
    await live.chat('after the restore');
    await live.control('pause');
    const pausedAt = live.lastSeq;

    const late = await user('Cy Park');
    await late.client.joinSession(session.uniqueLink, { role: 'assistant' });
    const fresh = await openView(late.client, late.id, session.sessionId);

    const settled = (v: ViewUnderTest) => {
      const runner = v.world();
      expect(v.controller.lastSeq).toBeGreaterThanOrEqual(pausedAt);
      expect(runner?.world.lastSeq).toBe(v.controller.lastSeq);
      expect(runner?.pending).toBe(false);
    };
    await vi.waitFor(
      () => {
        settled(view);
        settled(fresh);
        expect(view.controller.lastSeq).toBe(fresh.controller.lastSeq);
        expect(view.world()!.world.tick).toBe(fresh.world()!.world.tick);
      },
      { timeout: 60_000, interval: 200 },
    );

    expect(comparable(view)).toEqual(comparable(fresh));
    expect(view.state().chat.map((c) => c.text)).toEqual([
      'kept: before the backup',
      'after the restore',
    ]);
    expect(view.state().status).toBe('paused');
    // The lost stroke is gone from the World; the one after the restore is there.
    const severed = view.world()!.status().severedSurfaceEdges;
    expect(severed).toBeGreaterThan(0);
    expect(severed).not.toBe(cutBoth);
  }, 180_000);
});
