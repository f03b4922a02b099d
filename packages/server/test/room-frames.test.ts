/**
 * Broadcasts written as one prebuilt WebSocket frame per event (room-frames.ts): the bytes parse
 * as the frames Socket.IO itself would send, and members that cannot take them directly (HTTP
 * long-polling) get the same events, in the same order, through Socket.IO.
 */
import { createServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { textFrame } from '../src/realtime/room-frames.js';
import {
  EventCollector,
  emitAck,
  expectGapless,
  expectOk,
  joinSession,
  type Member,
  useServer,
} from './helpers.js';

const fx = useServer();

/** Sends each text as a frame written straight to the TCP socket; resolves with what ws read. */
async function roundTrip(texts: string[]): Promise<string[]> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  wss.on('connection', (ws) => {
    const raw = (ws as unknown as { _socket: NetSocket })._socket;
    for (const text of texts) raw.write(textFrame(text));
  });
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  try {
    return await new Promise<string[]>((resolve, reject) => {
      const got: string[] = [];
      client.on('message', (data, isBinary) => {
        if (isBinary) reject(new Error('a text frame arrived as binary'));
        got.push(String(data));
        if (got.length === texts.length) resolve(got);
      });
      client.on('error', reject);
    });
  } finally {
    client.close();
    wss.close();
    http.close();
  }
}

describe('room frames', () => {
  it('frames text of every length class (7-bit, 16-bit, 64-bit) as ws reads it', async () => {
    const texts = [
      '',
      'a'.repeat(125),
      'b'.repeat(126),
      // Multi-byte characters: the length is in bytes, not UTF-16 units.
      'é'.repeat(40),
      'c'.repeat(65_535),
      'd'.repeat(65_536),
      '42["surgery:cursor-position",{"cursors":[]}]',
    ];
    expect(await roundTrip(texts)).toEqual(texts);
  });

  it('reaches WebSocket and long-polling members alike, in seq order', async () => {
    const room = await fx.room({ guests: ['assistant'], start: true });
    const polling = await fx.register('Polling Guest');
    await joinSession(fx.url, polling.token, room.created.session.uniqueLink, 'observer');
    const socket = await fx.connect(polling.token, { transports: ['polling'] });
    const inbox = new EventCollector(socket);
    expectOk(await emitAck(socket, 'surgery:join-session', { sessionId: room.sessionId }));
    const pollingMember: Member = { ...polling, socket, inbox };

    const before = await fx.api().get('/api/metrics');
    const count = 30;
    const acks = [];
    for (let i = 0; i < count; i++) {
      acks.push(
        expectOk(
          await emitAck(room.host.socket, 'surgery:tissue-interact', {
            tool: 'scalpel',
            action: 'cut',
            points: [[i / 1000, 0.01, -0.02]],
          }),
        ),
      );
      room.host.socket.emit('surgery:cursor-update', {
        position: [i / 1000, 0, 0],
        rotation: [0, 0, 0, 1],
      });
    }
    const first = acks[0]!.seq;
    const last = acks.at(-1)!.seq;
    for (const member of [room.guests[0]!, pollingMember]) {
      await member.inbox.until(() =>
        member.inbox.sequenced().some((e) => e.seq === last) ? true : undefined,
      );
      const seqs = member.inbox
        .sequenced()
        .map((e) => e.seq)
        .filter((s) => s >= first);
      expectGapless(seqs, first, last);
      await member.inbox.waitFor('surgery:cursor-position', (b) =>
        b.cursors.some((c) => c.userId === room.host.user.id),
      );
    }

    const after = (await fx.api().get('/api/metrics')).text;
    const frames = (path: string, text: string) =>
      Number(
        new RegExp(`scrubin_broadcast_frames_total\\{path="${path}"\\} (\\d+)`).exec(text)?.[1],
      );
    expect(frames('direct', after) - frames('direct', before.text)).toBeGreaterThanOrEqual(count);
    expect(frames('fallback', after) - frames('fallback', before.text)).toBeGreaterThanOrEqual(
      count,
    );
  });
});
