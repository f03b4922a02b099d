/** What the load generator drives: one user's connection to a relay, whatever its protocol. */

/** Called for every server event: its name and first argument. */
export type EventListener = (name: string, payload: unknown) => void;

/** One user's connection (lean-socket.ts for Socket.IO, colyseus-socket.ts for Colyseus). */
export interface RelaySocket {
  /** Every server event lands here; replace it before traffic starts. */
  onEvent: EventListener;
  /** Called once when the connection closes after it was established. */
  onClose: (code: number) => void;
  /** Fire-and-forget event. */
  emit(name: string, payload: unknown): void;
  /** Event with an ack; `onAck` gets the ack's payload. */
  emitWithAck(name: string, payload: unknown, onAck: (ack: unknown) => void): void;
  /** {@link emitWithAck} as a promise, for setup steps. */
  request(name: string, payload: unknown, timeoutMs?: number): Promise<unknown>;
  /** Closes without reporting it through {@link onClose}. */
  close(): void;
}
