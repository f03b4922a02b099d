/**
 * A lean Socket.IO 4 client over raw `ws`: just enough of Engine.IO 4 and the Socket.IO packet
 * format to drive the relay at load without the SDK's per-message overhead.
 *
 * Engine.IO (one packet per WebSocket frame): `0{…}` open, `2` ping (answered with `3`), `4…` message.
 * Socket.IO inside a message: `0` CONNECT (the auth payload travels in it), `2` EVENT, `3` ACK,
 * `4` CONNECT_ERROR; `42["name",{…}]` is an event, `42<id>[…]` an event that wants an ack and
 * `43<id>[…]` the ack of our event `<id>`. Only the default namespace is used.
 */
import WebSocket from 'ws';
import type { EventListener, RelaySocket } from './relay-socket.js';

/** Options of {@link LeanSocket.connect}. */
export interface LeanConnectOptions {
  /** Server origin, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Extra query parameters of the handshake (the bare relay reads `room` and `user`). */
  query?: Record<string, string>;
  /** Sent as the CONNECT packet's payload (Socket.IO's `auth`). */
  auth?: Record<string, unknown>;
  /** Give up connecting after this long. @default 10000 */
  timeoutMs?: number;
}

/** One Socket.IO connection on the default namespace. */
export class LeanSocket implements RelaySocket {
  /** Every server event lands here; replace it before traffic starts. */
  onEvent: EventListener = () => {};
  /** Called once when the connection closes after it was established. */
  onClose: (code: number) => void = () => {};
  private nextAckId = 0;
  private readonly acks = new Map<number, (payload: unknown) => void>();
  private closing = false;

  private constructor(private readonly ws: WebSocket) {}

  /** Opens the WebSocket, completes the Engine.IO handshake and the Socket.IO CONNECT. */
  static connect(options: LeanConnectOptions): Promise<LeanSocket> {
    const params = new URLSearchParams({ ...options.query, EIO: '4', transport: 'websocket' });
    const wsUrl = `${options.url.replace(/^http/, 'ws')}/socket.io/?${params.toString()}`;
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    const socket = new LeanSocket(ws);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`connect timed out: ${wsUrl}`));
      }, options.timeoutMs ?? 10_000);
      const fail = (err: Error) => {
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      ws.on('error', fail);
      ws.on('close', (code) => {
        if (!socket.closing) socket.onClose(code);
      });
      const onHandshake = (data: WebSocket.RawData) => {
        const text = data.toString();
        if (text[0] === '0') {
          ws.send(options.auth ? `40${JSON.stringify(options.auth)}` : '40');
        } else if (text.startsWith('40')) {
          clearTimeout(timer);
          ws.off('message', onHandshake);
          ws.off('error', fail);
          ws.on('error', () => {});
          ws.on('message', (raw) => socket.receive(raw.toString()));
          resolve(socket);
        } else if (text.startsWith('44')) {
          fail(new Error(`connect_error ${text.slice(2)}`));
        } else if (text === '2') {
          ws.send('3');
        }
      };
      ws.on('message', onHandshake);
    });
  }

  /** Fire-and-forget event: `42["name",payload]`. */
  emit(name: string, payload: unknown): void {
    this.ws.send(`42${JSON.stringify([name, payload])}`);
  }

  /** Event with an ack: `42<id>["name",payload]`; `onAck` gets the ack's first argument. */
  emitWithAck(name: string, payload: unknown, onAck: (ack: unknown) => void): void {
    const id = this.nextAckId++;
    this.acks.set(id, onAck);
    this.ws.send(`42${id}${JSON.stringify([name, payload])}`);
  }

  /** {@link emitWithAck} as a promise, for setup steps. */
  request(name: string, payload: unknown, timeoutMs = 15_000): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ack for ${name}`)), timeoutMs);
      this.emitWithAck(name, payload, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }

  /** Acks still awaited. */
  get pendingAcks(): number {
    return this.acks.size;
  }

  /** Closes without reporting it through {@link onClose}. */
  close(): void {
    this.closing = true;
    this.ws.close();
  }

  private receive(text: string): void {
    const engineType = text.charCodeAt(0);
    if (engineType === 50 /* '2' ping */) {
      this.ws.send('3');
      return;
    }
    if (engineType !== 52 /* '4' message */) return;
    const packetType = text.charCodeAt(1);
    if (packetType === 50 /* '2' EVENT */) {
      let i = 2;
      while (isDigit(text.charCodeAt(i))) i++;
      const args = JSON.parse(text.slice(i)) as [string, unknown];
      this.onEvent(args[0], args[1]);
    } else if (packetType === 51 /* '3' ACK */) {
      let i = 2;
      while (isDigit(text.charCodeAt(i))) i++;
      const id = Number(text.slice(2, i));
      const onAck = this.acks.get(id);
      if (!onAck) return;
      this.acks.delete(id);
      const args = JSON.parse(text.slice(i)) as unknown[];
      onAck(args[0]);
    } else if (packetType === 49 /* '1' DISCONNECT */) {
      this.ws.close();
    }
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
