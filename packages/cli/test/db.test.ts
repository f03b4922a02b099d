/**
 * `scrubin db export` and `scrubin db import` through the built binary: a running server on the
 * embedded database exported to a gzipped file, imported into a fresh embedded database (refused
 * when it holds data, unless --replace), and the errors of bad files, exit codes included.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '@scrubin/server';
import { tempDir, uniqueTag, useCliServer, type CliUser } from './helpers.js';

const fx = useCliServer();

type EmbeddedDatabase = Awaited<ReturnType<typeof startEmbeddedDatabase>>;
let target: EmbeddedDatabase;
let ada: CliUser;
let bo: CliUser;
let sessionId: string;
let dir: string;
let backup: string;

beforeAll(async () => {
  [target, ada, bo, dir] = await Promise.all([
    startEmbeddedDatabase(),
    fx.user('Dr Ada Lin'),
    fx.user('Dr Bo Chen'),
    tempDir('db'),
  ]);
  const { session } = await ada.sdk().createSession({
    title: uniqueTag('backup'),
    scenario: 'skin-incision',
  });
  sessionId = session.sessionId;
  const live = await ada.sdk().join(sessionId);
  await live.chat('first');
  await live.chat('second');
  live.close();
  backup = join(dir, 'scrubin.jsonl.gz');
}, 60_000);
afterAll(async () => {
  await target?.stop();
});

const uriOf = () => {
  const uri = fx.server.databaseUri;
  if (!uri) throw new Error('the server reports no database URI');
  return uri;
};

/** Users and sessions in the target, straight from the database. */
async function targetCounts(): Promise<{ users: number; sessions: number }> {
  const client = await MongoClient.connect(target.uri);
  try {
    const db = client.db();
    return {
      users: await db.collection('users').countDocuments(),
      sessions: await db.collection('simulations').countDocuments(),
    };
  } finally {
    await client.close();
  }
}

describe('scrubin db export / import', () => {
  it('moves a running embedded install into another database', async () => {
    const exported = await fx.run(['--json', 'db', 'export', '-o', backup, '--uri', uriOf()], {
      timeoutMs: 30_000,
    });
    expect(exported.code, exported.stderr).toBe(0);
    const summary = exported.json<{ counts: Record<string, number>; layout: object }>();
    expect(summary.counts).toMatchObject({ users: 2, sessions: 1, eventSessions: 1 });
    expect(summary.counts.events).toBeGreaterThanOrEqual(3); // a join and two chat lines
    expect(exported.stderr).toMatch(
      /Exported 2 users, 1 sessions, \d+ events in 1 session logs → /,
    );
    const lines = gunzipSync(readFileSync(backup)).toString('utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'scrubin-backup', version: 1 });
    expect(JSON.parse(lines.at(-1)!)).toEqual({ kind: 'end', counts: summary.counts });

    const imported = await fx.run(['--json', 'db', 'import', backup, '--uri', target.uri], {
      timeoutMs: 30_000,
    });
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.json()).toMatchObject({
      counts: summary.counts,
      embeddedTarget: true,
      replaced: false,
      layout: { bucketPartitions: 256 },
    });
    expect(imported.stderr).toContain('Imported 2 users, 1 sessions');
    expect(await targetCounts()).toEqual({ users: 2, sessions: 1 });

    // A target with data is refused (exit 2) and left as it was; --replace empties it first.
    const again = await fx.run(['db', 'import', backup, '--uri', target.uri]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/error: The target database is not empty \(2 users, 1 sessions/);
    expect(again.stderr).toContain('--replace');
    const replaced = await fx.run(
      ['--json', 'db', 'import', '-', '--uri', target.uri, '--replace'],
      {
        input: gunzipSync(readFileSync(backup)).toString('utf8'),
      },
    );
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.json()).toMatchObject({ counts: summary.counts, replaced: true });
    expect(await targetCounts()).toEqual({ users: 2, sessions: 1 });
  });

  it.each<{ title: string; edit: (lines: string[]) => string; stderr: RegExp }>([
    {
      title: 'a file that is not a backup',
      edit: () => '{"kind":"header","format":"scrubin-recording"}\n',
      stderr: /^error: line 1: not a Scrub In backup/m,
    },
    {
      title: 'a bad line in the middle',
      edit: (l) => [...l.slice(0, 3), '{"kind":"session","doc":', ...l.slice(4)].join('\n'),
      stderr: /^error: line 4: not valid JSON/m,
    },
    {
      title: 'a file cut short',
      edit: (l) => l.slice(0, -1).join('\n'),
      stderr: /no end line: the file is truncated/,
    },
  ])('refuses $title with exit 1 and writes nothing', async ({ edit, stderr }) => {
    const lines = gunzipSync(readFileSync(backup)).toString('utf8').trim().split('\n');
    const file = join(dir, `${uniqueTag('bad')}.jsonl`);
    writeFileSync(file, edit(lines));
    const before = await targetCounts();
    const result = await fx.run(['db', 'import', file, '--uri', target.uri, '--replace']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(stderr);
    expect(result.stderr).toContain('Nothing was written to the target.');
    // Checked before anything is deleted, even with --replace.
    expect(await targetCounts()).toEqual(before);
  });

  it('a gzip file that is cut short is an error, not an empty import', async () => {
    const bytes = readFileSync(backup);
    const file = join(dir, 'cut.jsonl.gz');
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const result = await fx.run(['db', 'import', file, '--uri', target.uri, '--replace']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: The gzip data is cut short or damaged/m);
    expect(result.stderr).toContain('Nothing was written to the target.');
  });

  it('needs a database: --uri or MONGODB_URI (exit 1, with a hint)', async () => {
    const result = await bo.runInProcess(['db', 'export']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'No database given: pass --uri <mongodb uri> or set MONGODB_URI',
    );
    expect(result.stderr).toContain('`scrubin serve`');
    const unreachable = await fx.run(['db', 'export', '--uri', 'mongodb://127.0.0.1:1/x'], {
      env: {},
      timeoutMs: 30_000,
    });
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /error: Cannot reach the database at mongodb:\/\/127\.0\.0\.1:1\/x/,
    );
  }, 30_000);
});
