import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type {
  ClientEventName,
  ClientToServerEvents,
  JoinRole,
  ScrubinError,
  SEQUENCED_EVENT_NAMES,
  SequencedEvent,
  SequencedType,
  ServerToClientEvents,
} from '@scrubin/protocol';

/** A Socket.IO client socket typed by the protocol's event maps. */
export type ScrubinSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Options handed to a {@link SocketFactory}. */
export type SocketFactoryOptions = Partial<ManagerOptions & SocketOptions>;

/**
 * Makes the socket of a session handle (inject it to wrap or instrument the socket). It must not
 * connect before asked: the options carry `autoConnect: false`.
 * @default (url, options) => io(url, options)
 */
export type SocketFactory = (url: string, options: SocketFactoryOptions) => ScrubinSocket;

/** Client events that take an ack. */
export type AckedEventName = Exclude<ClientEventName, 'surgery:cursor-update'>;
/** The ack an event answers with: `{ ok: true, ... }` or `{ ok: false, error }`. */
export type AckOf<E extends AckedEventName> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];
/** The successful ack of an event, which its promise resolves with. */
export type AckOk<E extends AckedEventName> = Extract<AckOf<E>, { ok: true }>;

/** Server event name of a sequenced event type, e.g. `surgery:chat-message`. */
export type SequencedEventName = (typeof SEQUENCED_EVENT_NAMES)[SequencedType];

/** Where a sequenced event reached the handle from. */
export type DeliverySource =
  /** Broadcast by the server (another participant's action, or a host action over REST). */
  | 'live'
  /** The ack of this handle's own action: the server does not echo it to its sender. */
  | 'ack'
  /** Catch-up after joining or reconnecting, or a resync after a gap (join ack or REST export). */
  | 'catch-up';

/** One sequenced event as the handle delivers it: exactly once, in `seq` order. */
export type SequencedDelivery = {
  [T in SequencedType]: {
    type: T;
    name: (typeof SEQUENCED_EVENT_NAMES)[T];
    event: SequencedEvent<T>;
    source: DeliverySource;
  };
}[SequencedType];

/** Lifecycle of a session handle. */
export type LiveSessionState = 'idle' | 'connecting' | 'joined' | 'reconnecting' | 'closed';

/**
 * Events of a session handle. The `surgery:*` server events keep their wire names and payloads;
 * the sequenced ones among them (those carrying `seq`) reach handlers exactly once and in `seq`
 * order, this handle's own actions included (delivered from their acks). Lifecycle events have
 * plain names.
 */
export interface LiveSessionEvents extends ServerToClientEvents {
  /** Every sequenced event, in `seq` order, with its type and source. */
  sequenced: (delivery: SequencedDelivery) => void;
  /** The connection dropped; the handle reconnects by itself. */
  reconnecting: (info: { reason: string }) => void;
  /** Back in the session and caught up: `missed` events were delivered since rejoining. */
  reconnected: (info: { lastSeq: number; missed: number }) => void;
  /**
   * The server's log no longer holds what this handle delivered (`RESYNC_REQUIRED`: it ends
   * before `deliveredSeq`, e.g. the database was restored from a backup). Drop every state built
   * from the events: they are delivered again from seq 1 right after this.
   */
  resync: (info: { deliveredSeq: number; serverSeq: number }) => void;
  /** The handle is closed for good: `close()`, `leave()`, removal, the session ended, or a fatal error. */
  disconnected: (info: { reason: string }) => void;
  /** Something went wrong that no promise reports (failed rejoin or catch-up, a throwing handler). */
  error: (error: ScrubinError) => void;
}

/** Handlers to attach before connecting, so that catch-up deliveries are not missed. */
export type LiveSessionHandlers = { [K in keyof LiveSessionEvents]?: LiveSessionEvents[K] };

/** Options of one session handle (`client.session()` / `client.join()`). */
export interface LiveSessionOptions {
  /**
   * Deliver the log after this `seq` on joining (`0` replays the whole session). Left out, the
   * handle starts at the session's current `seq` and delivers only what follows.
   * @default undefined
   */
  sinceSeq?: number;
  /**
   * Role asked for when `client.join()` takes a seat over REST first (given a code, link or URL).
   * @default 'assistant'
   */
  role?: JoinRole;
  /** Handlers attached before connecting. @default {} */
  on?: LiveSessionHandlers;
  /** Overrides the client's `ackTimeoutMs` for this handle. */
  ackTimeoutMs?: number;
  /** Overrides the client's `cursorHz` for this handle. */
  cursorHz?: number;
}
