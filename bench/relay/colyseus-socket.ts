/**
 * One load-generator user in a Colyseus room (colyseus-relay.ts), over the official client
 * (`colyseus.js` 0.16, which decodes the schema patches), behind the same small interface as
 * the lean Socket.IO client so the load generator drives and counts both the same way:
 * - `emit` sends a room message; `emitWithAck` adds an `ackId` that the room answers in
 *   `surgery:tissue-ack`;
 * - after each decoded state patch, the players whose fields changed in it are handed to
 *   `onEvent` as one `surgery:cursor-position` batch `{ cursors: [{ userId, position }] }`, so a
 *   patch counts like a Socket.IO cursor batch: one packet, one delivery per remote player in it;
 * - room messages (`surgery:tissue-update`) go to `onEvent` by name.
 */
import { Client, type Room } from 'colyseus.js';
import { getRawChangesCallback, type DataChange } from '@colyseus/schema';
import type { EventListener, RelaySocket } from './relay-socket.js';

/** The room name colyseus-relay.ts defines. */
const ROOM_NAME = 'surgery';
const ACK_EVENT = 'surgery:tissue-ack';

/** Options of {@link ColyseusSocket.connect}. */
export interface ColyseusConnectOptions {
  /** Server origin, e.g. `http://127.0.0.1:2567`. */
  url: string;
  /** Rooms are matched by session: one room per session. */
  session: string;
  /** Key of this user's player in the room state. */
  user: string;
}

/** The decoded player, as the client's reflected schema gives it. */
interface PlayerView {
  userId: string;
  x: number;
  y: number;
  z: number;
}

/** One Colyseus room connection. */
export class ColyseusSocket implements RelaySocket {
  onEvent: EventListener = () => {};
  onClose: (code: number) => void = () => {};
  private nextAckId = 0;
  private readonly acks = new Map<number, (payload: unknown) => void>();
  private closing = false;

  private constructor(private readonly room: Room) {}

  /** Matchmakes (HTTP), joins the session's room over WebSocket and wires the handlers. */
  static async connect(options: ColyseusConnectOptions): Promise<ColyseusSocket> {
    const client = new Client(options.url);
    const room = await client.joinOrCreate(ROOM_NAME, {
      session: options.session,
      user: options.user,
    });
    const socket = new ColyseusSocket(room);
    room.onLeave((code) => {
      if (!socket.closing) socket.onClose(code);
    });
    room.onMessage(ACK_EVENT, (message: { ackId: number; ok: boolean; seq: number }) => {
      const onAck = socket.acks.get(message.ackId);
      if (!onAck) return;
      socket.acks.delete(message.ackId);
      onAck(message);
    });
    room.onMessage('*', (type, message) => socket.onEvent(String(type), message));
    const state = room.state as object;
    const players = (room.state as { players: object }).players;
    const decoder = (
      room.serializer as unknown as { decoder: Parameters<typeof getRawChangesCallback>[0] }
    ).decoder;
    getRawChangesCallback(decoder, (changes: DataChange[]) => {
      const cursors: { userId: string; position: number[] }[] = [];
      let last: unknown;
      for (const change of changes) {
        const ref: object = change.ref;
        if (ref === last || ref === state || ref === players) continue;
        last = ref;
        const player = ref as unknown as PlayerView;
        if (cursors.some((c) => c.userId === player.userId)) continue;
        cursors.push({ userId: player.userId, position: [player.x, player.y, player.z] });
      }
      if (cursors.length) socket.onEvent('surgery:cursor-position', { cursors });
    });
    return socket;
  }

  emit(name: string, payload: unknown): void {
    this.room.send(name, payload);
  }

  emitWithAck(name: string, payload: unknown, onAck: (ack: unknown) => void): void {
    const ackId = this.nextAckId++;
    this.acks.set(ackId, onAck);
    this.room.send(name, { ...(payload as object), ackId });
  }

  request(name: string, payload: unknown, timeoutMs = 15_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${name}`)), timeoutMs);
      this.emitWithAck(name, payload, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }

  close(): void {
    this.closing = true;
    void this.room.leave(true);
  }
}
