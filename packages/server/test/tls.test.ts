import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { optionsFromEnv, readTlsFiles } from '../src/config.js';
import { startTestServer, type TestServer } from './helpers.js';

/** A self-signed certificate for localhost and 127.0.0.1, made for these tests only. */
const CERT_FILE = fileURLToPath(new URL('./fixtures/localhost-cert.pem', import.meta.url));
const KEY_FILE = fileURLToPath(new URL('./fixtures/localhost-key.pem', import.meta.url));

/** GET over HTTPS trusting only the test certificate. */
function getJson(url: string, ca: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('HTTPS', () => {
  const tls = readTlsFiles(CERT_FILE, KEY_FILE)!;
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ tls, publicUrl: undefined });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('serves REST over HTTPS and puts https in its URLs', async () => {
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(s.server.publicUrl).toBe(`https://localhost:${s.server.port}`);
    const res = await getJson(`${s.url}/api/health`, tls.cert);
    expect(res.status).toBe(200);
  });

  it('refuses plain HTTP on the same port', async () => {
    await expect(fetch(`http://127.0.0.1:${s.server.port}/api/health`)).rejects.toThrow();
  });

  it('accepts Socket.IO over WSS', async () => {
    const socket = io(`wss://localhost:${s.server.port}`, {
      transports: ['websocket'],
      ca: tls.cert,
      auth: { token: 'not a token' },
      reconnection: false,
    });
    try {
      // The TLS handshake and the upgrade succeed; the server then refuses the bad token.
      const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
      expect(error.message).toMatch(/token|auth/i);
    } finally {
      socket.close();
    }
  });
});

describe('TLS_CERT_FILE and TLS_KEY_FILE', () => {
  it('reads both files', () => {
    const tls = optionsFromEnv({ TLS_CERT_FILE: CERT_FILE, TLS_KEY_FILE: KEY_FILE }).tls;
    expect(tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(tls?.key).toContain('PRIVATE KEY');
  });

  it('needs both', () => {
    expect(() => optionsFromEnv({ TLS_CERT_FILE: CERT_FILE })).toThrow(/TLS_KEY_FILE is missing/);
    expect(() => optionsFromEnv({ TLS_KEY_FILE: KEY_FILE })).toThrow(/TLS_CERT_FILE is missing/);
  });

  it('names the variable whose file cannot be read', () => {
    expect(() =>
      optionsFromEnv({ TLS_CERT_FILE: '/nonexistent/cert.pem', TLS_KEY_FILE: KEY_FILE }),
    ).toThrow(/TLS_CERT_FILE: cannot read \/nonexistent\/cert\.pem/);
  });

  it('means plain HTTP when neither is set', () => {
    expect(optionsFromEnv({}).tls).toBeUndefined();
  });
});
