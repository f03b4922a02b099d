import type { Socket } from 'socket.io';

/** An event listener as the gateway registers it: the payload, then the ack if any. */
export type EventListener = (payload: unknown, ack: unknown) => void;

interface ClientInternals {
  ondata?: (data: unknown) => void;
  conn: {
    listeners(event: 'data'): unknown[];
    off(event: 'data', listener: (data: unknown) => void): void;
    on(event: 'data', listener: (data: unknown) => void): void;
  };
}

/**
 * Takes the given events of the default namespace straight from engine.io, before Socket.IO's
 * decoder: a cursor update arrives 30 times a second from every user, and Socket.IO's decode,
 * packet objects and deferred dispatch cost more than the handler. Only a plain event without an
 * ack id (`2["name",…]`) that parses is taken here; anything else (acks, binary, other
 * namespaces, malformed input) goes to Socket.IO unchanged, which answers it as it always did.
 * @returns false when Socket.IO's internals are not as expected (nothing is changed then).
 */
export function takeHotEvents(socket: Socket, listeners: Map<string, EventListener>): boolean {
  const client = socket.client as unknown as ClientInternals;
  const ondata = client.ondata;
  if (typeof ondata !== 'function' || !client.conn.listeners('data').includes(ondata)) return false;
  const prefixes = [...listeners].map(
    ([name, listener]) => [`2[${JSON.stringify(name)},`, listener] as const,
  );
  client.conn.off('data', ondata);
  client.conn.on('data', (data: unknown) => {
    if (typeof data === 'string' && data.charCodeAt(0) === 0x32 /* '2' */) {
      for (const [prefix, listener] of prefixes) {
        if (!data.startsWith(prefix)) continue;
        let args: unknown;
        try {
          args = JSON.parse(data.slice(1));
        } catch {
          break; // Socket.IO reports it
        }
        if (!Array.isArray(args) || !socket.connected) break;
        listener(args[1], args[2]);
        return;
      }
    }
    ondata(data);
  });
  return true;
}
