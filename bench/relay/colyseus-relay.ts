/**
 * The state-sync comparison: a Colyseus 0.16 server, one room per session, @colyseus/schema state
 * patched to the clients every 33 ms (30 Hz). It does the relay work of the other two this way:
 * - a client joins with `joinOrCreate('surgery', { session, user })`; rooms are matched by
 *   `session`, and the room's state holds one `Player` per member, keyed by `user`;
 * - `surgery:cursor-update` sets the sender's player fields (position, rotation, tool); the
 *   room's patch carries the fields that changed to every client of the room (the sender too,
 *   as the Socket.IO cursor batch does);
 * - `surgery:tissue-interact` gets a per-room `seq`, goes at once to the room's other clients as
 *   `surgery:tissue-update` (`broadcast` with `except`) and is answered `surgery:tissue-ack`
 *   `{ ackId, ok: true, seq }` (Colyseus messages have no acks of their own: the client's
 *   `ackId` travels in the message).
 * No auth, no validation beyond the schema's own type checks, no persistence.
 *
 * Runs as a child of bench/relay/run.ts, which measures its CPU over IPC (see child-stats.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Room, Server, type Client } from '@colyseus/core';
import { schema, type SchemaType } from '@colyseus/schema';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { sendToParent, serveMarks } from './child-stats.js';

/** Name under which the room is defined; colyseus-socket.ts joins it. */
const ROOM_NAME = 'surgery';
const PATCH_MS = 33;
const PAYLOAD_BYTES = 64 * 1024;

/**
 * One member's cursor. float32 keeps 0.12 µm at 1 m, finer than the app's 1 µm quantization,
 * so the load generator's counter (integer micrometres in `x`) comes back exact.
 */
const Player = schema(
  {
    userId: 'string',
    x: 'float32',
    y: 'float32',
    z: 'float32',
    qx: 'float32',
    qy: 'float32',
    qz: 'float32',
    qw: 'float32',
    tool: 'string',
  },
  'Player',
);
type Player = SchemaType<typeof Player>;

const SurgeryState = schema({ players: { map: Player } }, 'SurgeryState');
type SurgeryState = SchemaType<typeof SurgeryState>;

interface CursorMessage {
  position?: number[];
  rotation?: number[];
  tool?: string | null;
}

interface Member {
  userId: string;
  player: Player;
}

class SurgeryRoom extends Room<SurgeryState, unknown, Member> {
  private seq = 0;
  private sessionId = '';

  override onCreate(options: { session?: string }): void {
    this.sessionId = String(options.session ?? this.roomId);
    this.state = new SurgeryState();
    this.patchRate = PATCH_MS;
    this.autoDispose = true;

    this.onMessage('surgery:cursor-update', (client: Client<Member>, message: CursorMessage) => {
      const player = client.userData?.player;
      if (!player) return;
      const p = message.position;
      const r = message.rotation;
      if (p && p.length === 3) {
        player.x = p[0]!;
        player.y = p[1]!;
        player.z = p[2]!;
      }
      if (r && r.length === 4) {
        player.qx = r[0]!;
        player.qy = r[1]!;
        player.qz = r[2]!;
        player.qw = r[3]!;
      }
      player.tool = message.tool ?? '';
    });

    this.onMessage(
      'surgery:tissue-interact',
      (client: Client<Member>, message: { ackId?: number } & Record<string, unknown>) => {
        const seq = ++this.seq;
        const { ackId, ...event } = message;
        this.broadcast(
          'surgery:tissue-update',
          { ...event, sessionId: this.sessionId, seq, userId: client.userData?.userId },
          { except: client },
        );
        client.send('surgery:tissue-ack', { ackId, ok: true, seq });
      },
    );
  }

  override onJoin(client: Client<Member>, options: { user?: string }): void {
    const userId = String(options.user ?? client.sessionId);
    const player = new Player();
    player.userId = userId;
    this.state.players.set(userId, player);
    client.userData = { userId, player };
  }

  override onLeave(client: Client<Member>): void {
    const userId = client.userData?.userId;
    if (userId) this.state.players.delete(userId);
  }
}

try {
  const httpServer = createServer();
  const server = new Server({
    transport: new WebSocketTransport({ server: httpServer, maxPayload: PAYLOAD_BYTES }),
    greet: false,
    gracefullyShutdown: false,
  });
  server.define(ROOM_NAME, SurgeryRoom).filterBy(['session']);
  await server.listen(0, '127.0.0.1');
  const { port } = httpServer.address() as AddressInfo;
  serveMarks(`http://127.0.0.1:${port}`, async () => {
    await server.gracefullyShutdown(false);
  });
} catch (err) {
  sendToParent({
    type: 'failed',
    message: err instanceof Error ? (err.stack ?? err.message) : String(err),
  });
  process.exit(1);
}
