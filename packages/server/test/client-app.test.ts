import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedDatabase } from '@scrubin/server';
import { startTestServer, type EmbeddedDatabase, type TestServer } from './helpers.js';

const get = (url: string) => fetch(url, { redirect: 'manual' });

describe('the XR client at /surgery-simulation', () => {
  let db: EmbeddedDatabase;
  let built: TestServer;
  let unbuilt: TestServer;

  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'scrubin-client-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(
      join(dir, 'index.html'),
      '<!doctype html><title>Scrub In</title><div id="root"></div>',
    );
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log("app");');
    db = await startEmbeddedDatabase();
    built = await startTestServer({ db, clientDir: dir });
    unbuilt = await startTestServer({
      db,
      clientDir: await mkdtemp(join(tmpdir(), 'scrubin-empty-')),
    });
  });
  afterAll(async () => {
    await built?.close();
    await unbuilt?.close();
    await db?.stop();
  });

  it('sends / to the client', async () => {
    const res = await get(`${built.url}/`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/surgery-simulation/');
  });

  it('keeps the share link query when adding the slash', async () => {
    const res = await get(`${built.url}/surgery-simulation?link=AbC123`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/surgery-simulation/?link=AbC123');
  });

  it.each([
    '/surgery-simulation/?link=AbC123',
    '/surgery-simulation/review/session_1',
    '/surgery-simulation/',
  ])('answers %s with the app page', async (path) => {
    const res = await get(built.url + path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toContain('<div id="root">');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('serves its assets', async () => {
    const res = await get(`${built.url}/surgery-simulation/assets/app.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
  });

  it('says how to build it when it is not built, and the API keeps working', async () => {
    const res = await get(`${unbuilt.url}/surgery-simulation/`);
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build -w @scrubin/xr-client');
    expect((await get(`${unbuilt.url}/api/health`)).status).toBe(200);
  });
});
