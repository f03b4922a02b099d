/**
 * The server's database restored from a backup under running CLI consumers: their rejoin is
 * answered `RESYNC_REQUIRED` and the SDK delivers the log again from seq 1. The live view's feed
 * and `scrubin record` (the built binary, to a file and to stdout) must end up holding the log the
 * server has now, each event once, and none of the events the restore took away.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseRecording } from '@scrubin/protocol';
import { createScrubinClient, type LiveSession, type ScrubinClient } from '@scrubin/sdk';
import { RESTORED_LOG_TEXT } from '../src/ui/live-state.js';
import { createLiveStore } from '../src/ui/live-store.js';
import {
  PASSWORD,
  ensureBuilt,
  removeTempDirs,
  runScrubin,
  tempDir,
  uniqueTag,
} from './helpers.js';
import { startRestorableServer, type RestorableServer } from './restorable-server.js';

/** Events made after the backup, all lost by the restore. */
const LOST_EVENTS = 6;

let server: RestorableServer;
const clients: ScrubinClient[] = [];

beforeAll(async () => {
  [, server] = await Promise.all([ensureBuilt(), startRestorableServer()]);
}, 240_000);
afterAll(async () => {
  for (const client of clients) client.close();
  await server?.close();
  await removeTempDirs();
});

/** An SDK user that reconnects within a fraction of a second once the server is back. */
async function sdkUser(name: string): Promise<ScrubinClient> {
  const client = createScrubinClient({
    baseUrl: server.url,
    socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 500 },
  });
  clients.push(client);
  await client.register({ email: `${uniqueTag('u')}@example.org`, password: PASSWORD, name });
  return client;
}

/** A user registered through `scrubin register`, with the config folder holding the token. */
async function cliUser(name: string): Promise<{ id: string; configDir: string }> {
  const configDir = await tempDir('user');
  const result = await runScrubin(
    ['--json', 'register', '-e', `${uniqueTag('u')}@example.org`, '-n', name],
    { server: server.url, configDir, input: `${PASSWORD}\n` },
  );
  expect(result.code, result.stderr).toBe(0);
  const credentials = JSON.parse(
    await readFile(join(configDir, 'scrubin', 'credentials.json'), 'utf8'),
  ) as { user: { id: string } };
  return { id: credentials.user.id, configDir };
}

/** Resolves when `userId` takes a seat in the session `live` is joined to. */
function seated(live: LiveSession, userId: string): Promise<void> {
  return new Promise((resolve) => {
    const off = live.on('surgery:participant-joined', (e) => {
      if (e.userId === userId) {
        off();
        resolve();
      }
    });
  });
}

/** The `seq` of the last event line of a recording being written (0 before any). */
async function lastRecordedSeq(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  let seq = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('{"kind":"event"')) seq = (JSON.parse(line) as { seq: number }).seq;
  }
  return seq;
}

describe('a restored server log under the CLI', () => {
  it('rebuilds the feed and restarts a recording file from seq 1; a recording to stdout stops', async () => {
    const host = await sdkUser('Dr Ada Lin');
    const { session } = await host.createSession({
      title: uniqueTag('restore'),
      scenario: 'skin-incision',
    });
    const live = await host.join(session.sessionId);
    const store = createLiveStore(live);
    const resyncs: number[] = [];
    live.on('resync', ({ serverSeq }) => resyncs.push(serverSeq));

    const [toFile, toStdout] = await Promise.all([cliUser('Rec File'), cliUser('Rec Stdout')]);
    const file = join(await tempDir('rec'), 'live.jsonl');
    const stop = new AbortController();
    const bothSeated = Promise.all([seated(live, toFile.id), seated(live, toStdout.id)]);
    const fileRun = runScrubin(['--json', 'record', session.shareableCode, '-o', file], {
      server: server.url,
      configDir: toFile.configDir,
      timeoutMs: 90_000,
      stop: stop.signal,
    });
    const stdoutRun = runScrubin(['record', session.shareableCode], {
      server: server.url,
      configDir: toStdout.configDir,
      timeoutMs: 90_000,
    });
    await bothSeated;

    await live.chat('kept: before the backup');
    await vi.waitFor(async () => expect(await lastRecordedSeq(file)).toBe(live.lastSeq), {
      timeout: 15_000,
    });
    const backup = await server.backup();
    // More events lost than rejoins to come: each rejoin is a new event of the restored log, and
    // a client whose seq the restored log reaches again before it rejoins is not told (the
    // server compares seqs only).
    for (let i = 1; i <= LOST_EVENTS; i++) await live.chat(`lost: after the backup (${i})`);
    await live.control('start');
    await vi.waitFor(async () => expect(await lastRecordedSeq(file)).toBe(live.lastSeq), {
      timeout: 15_000,
    });
    const seenBefore = live.lastSeq;

    await server.restore(backup);
    // Seqs after the restore reuse numbers the lost events had: compare what the events are.
    const shape = (events: { seq: number; type: string; userId: string }[]) =>
      events.map((e) => `${e.seq} ${e.type} ${e.userId}`);
    const recordedAsLogged = async () => {
      const log = await host.exportEvents(session.sessionId);
      const written = parseRecording(await readFile(file, 'utf8'), { allowTruncated: true });
      expect(shape(written.events)).toEqual(shape(log));
      return log;
    };
    await vi.waitFor(
      async () => {
        expect(resyncs).toEqual([expect.any(Number)]);
        expect(store.getState()).toMatchObject({ connection: 'connected', rebuilding: false });
        await recordedAsLogged();
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(resyncs[0]).toBeLessThan(seenBefore);
    const out = await stdoutRun;

    await live.chat('after the restore');
    const log = await vi.waitFor(recordedAsLogged, { timeout: 15_000, interval: 200 });
    expect(log.at(-1)!.seq).toBe(live.lastSeq);

    // The feed: the restore said once, then each event of the restored log once.
    const feed = store.getState().feed;
    expect(feed.filter((l) => l.text.startsWith(RESTORED_LOG_TEXT))).toHaveLength(1);
    expect(new Set(feed.map((l) => l.key)).size).toBe(feed.length);
    expect(feed.filter((l) => l.kind === 'chat').map((l) => l.text)).toEqual([
      'Dr Ada Lin: kept: before the backup',
      'Dr Ada Lin: after the restore',
    ]);
    expect(store.getState().status).toBe('idle');

    // The file: started over, and holds exactly the log the server holds now.
    stop.abort();
    const fileResult = await fileRun;
    expect(fileResult.code, fileResult.stderr).toBe(0);
    expect(fileResult.stderr).toContain(
      'the recording starts over from seq 1 with the log the server holds now',
    );
    expect(fileResult.json()).toMatchObject({ stoppedBy: 'signal', restarts: 1 });
    const recording = parseRecording(await readFile(file, 'utf8'));
    expect(shape(recording.events)).toEqual(shape(log));
    expect(
      recording.events.filter((e) => e.type === 'chat-message').map((e) => e.payload),
    ).toMatchObject([{ text: 'kept: before the backup' }, { text: 'after the restore' }]);
    expect(recording.end?.lastSeq).toBe(log.at(-1)!.seq);

    // Stdout: what went out cannot be taken back, so it stops without an end line (exit 2).
    expect(out.code, out.stderr).toBe(2);
    expect(out.stderr).toContain('cannot be taken back');
    expect(out.stdout.trim().split('\n').at(-1)).not.toContain('"kind":"end"');
    live.close();
  }, 120_000);
});
