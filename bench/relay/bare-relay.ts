/**
 * The baseline: a bare Socket.IO 4 relay with no auth, no validation and no persistence.
 * It does the same relay work as the real server so that like is compared with like:
 * - a socket joins the room named by its handshake query (`?room=…&user=…`);
 * - `surgery:tissue-interact` gets a per-room `seq`, goes to the room's other sockets as
 *   `surgery:tissue-update`, and is acked `{ ok: true, seq }`;
 * - `surgery:cursor-update` keeps the latest pose per user; one volatile
 *   `surgery:cursor-position` batch per room per 30 Hz tick carries the cursors that changed.
 *
 * Runs as a child of bench/relay/run.ts, which measures its CPU over IPC (see child-stats.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { serveMarks } from './child-stats.js';

const CURSOR_HZ = 30;
const PAYLOAD_BYTES = 64 * 1024;

interface Cursor {
  userId: string;
  position: unknown;
  rotation: unknown;
  tool: unknown;
}

interface Room {
  seq: number;
  /** Cursors changed since the last batch, by user. */
  dirty: Map<string, Cursor>;
}

const rooms = new Map<string, Room>();
const httpServer = createServer();
const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: PAYLOAD_BYTES });

io.on('connection', (socket) => {
  const roomId = String(socket.handshake.query.room ?? 'lobby');
  const userId = String(socket.handshake.query.user ?? socket.id);
  let room = rooms.get(roomId);
  if (!room) {
    room = { seq: 0, dirty: new Map() };
    rooms.set(roomId, room);
  }
  const state = room;
  void socket.join(roomId);

  socket.on('surgery:cursor-update', (payload: Partial<Cursor>) => {
    state.dirty.set(userId, {
      userId,
      position: payload.position,
      rotation: payload.rotation,
      tool: payload.tool ?? null,
    });
  });

  socket.on('surgery:tissue-interact', (payload: object, ack?: (a: unknown) => void) => {
    const seq = ++state.seq;
    socket.to(roomId).emit('surgery:tissue-update', { ...payload, sessionId: roomId, seq, userId });
    if (typeof ack === 'function') ack({ ok: true, seq });
  });
});

const tick = setInterval(() => {
  for (const [roomId, room] of rooms) {
    if (room.dirty.size === 0) continue;
    const cursors = [...room.dirty.values()];
    room.dirty.clear();
    io.to(roomId).volatile.emit('surgery:cursor-position', { sessionId: roomId, cursors });
  }
}, 1000 / CURSOR_HZ);

httpServer.listen(0, '127.0.0.1', () => {
  const { port } = httpServer.address() as AddressInfo;
  serveMarks(`http://127.0.0.1:${port}`, async () => {
    clearInterval(tick);
    await io.close();
  });
});
