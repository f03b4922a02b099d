import type { Socket as NetSocket } from 'node:net';
import type { Server, Socket } from 'socket.io';

/**
 * Above this many bytes waiting in a socket's kernel-bound buffer, a volatile frame (a cursor
 * batch) is dropped for that socket rather than queued: the next tick carries fresher poses.
 */
const VOLATILE_BACKLOG_BYTES = 64 * 1024;

/** What the direct path reads of engine.io and ws internals (engine.io 6, ws 8). */
interface EngineInternals {
  readyState: string;
  upgrading?: boolean;
  writeBuffer: unknown[];
  transport: {
    name: string;
    writable: boolean;
    socket?: {
      readyState: number;
      _socket?: NetSocket;
      _sender?: { _queue?: unknown[]; _state?: number };
    };
  };
}

/** How one emit went out: sockets written directly, through Socket.IO, or skipped (volatile). */
export interface FrameCounts {
  direct: number;
  fallback: number;
  dropped: number;
}

/**
 * Sends one Socket.IO event to a room with the WebSocket frame built once: the same bytes
 * Socket.IO would send (`42[event, payload]` in an unmasked text frame), written in one call to
 * each member's TCP socket. Socket.IO's per-socket path (engine.io packet, ws framing, drain
 * bookkeeping) costs more than the write itself at 30 Hz × every member of every room.
 *
 * A socket takes the direct path only when nothing can overtake the frame or be overtaken by it:
 * an open WebSocket transport, engine.io's write buffer empty, no upgrade under way and ws's own
 * queue empty. Otherwise the event goes through Socket.IO as usual, which keeps its order.
 * Payloads must be plain JSON (no binary), as all of the relay's broadcasts are.
 */
export class RoomFrames {
  constructor(
    private readonly io: Server,
    readonly counts: FrameCounts = { direct: 0, fallback: 0, dropped: 0 },
  ) {}

  emit(
    room: string,
    event: string,
    payload: unknown,
    { except, volatile = false }: { except?: string; volatile?: boolean } = {},
  ): void {
    const members = this.io.sockets.adapter.rooms.get(room);
    if (!members || members.size === 0) return;
    let frame: Buffer | undefined;
    for (const id of members) {
      if (id === except) continue;
      const socket = this.io.sockets.sockets.get(id);
      if (!socket) continue;
      const raw = directSocketOf(socket);
      if (!raw) {
        this.counts.fallback += 1;
        (volatile ? socket.volatile : socket).emit(event, payload);
        continue;
      }
      if (volatile && raw.writableLength > VOLATILE_BACKLOG_BYTES) {
        this.counts.dropped += 1;
        continue;
      }
      frame ??= textFrame(`42${JSON.stringify([event, payload])}`);
      raw.write(frame);
      this.counts.direct += 1;
    }
  }
}

/** The TCP socket under a Socket.IO socket, when a frame written to it keeps its place. */
function directSocketOf(socket: Socket): NetSocket | undefined {
  const conn = socket.conn as unknown as EngineInternals;
  const transport = conn.transport;
  if (conn.readyState !== 'open' || conn.upgrading || conn.writeBuffer.length > 0) return;
  if (transport.name !== 'websocket') return;
  const ws = transport.socket;
  if (!ws || ws.readyState !== 1 || !ws._socket || ws._socket.destroyed) return;
  const sender = ws._sender;
  // ws queues frames while it compresses or reads a Blob; engine.io turns compression off.
  if (!sender || (sender._queue?.length ?? 1) > 0 || (sender._state ?? 1) !== 0) return;
  return ws._socket;
}

/** One unmasked, final WebSocket text frame (RFC 6455 § 5.2) carrying `text`. */
export function textFrame(text: string): Buffer {
  const length = Buffer.byteLength(text);
  const header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + length);
  frame[0] = 0x81;
  if (header === 2) {
    frame[1] = length;
  } else if (header === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.write(text, header, 'utf8');
  return frame;
}
