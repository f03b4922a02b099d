/**
 * The real Scrub In server in this process, on its embedded database, serving the built client.
 */
import { startServer, type RunningServer } from '@scrubin/server';
import { DIST_DIR, ensureClientBuilt } from './build.js';

/** Where pages open the client: `localhost` (the origin share links use), never 127.0.0.1. */
export const CLIENT_PATH = '/surgery-simulation/';

export interface AppServer extends AsyncDisposable {
  server: RunningServer;
  /** `http://localhost:<port>`: the origin of pages and share links. */
  origin: string;
  /** `http://127.0.0.1:<port>`: for REST calls from the test process. */
  apiUrl: string;
  /** The client's URL with `?test=1` (the page exposes `window.__scrubin`) and extra params. */
  clientUrl(params?: Record<string, string>): string;
  close(): Promise<void>;
}

/**
 * Builds the client when stale, then starts the server on a free port with the embedded
 * database. Logs stay silent unless `SCRUBIN_E2E_LOG` names a pino level.
 */
export async function startAppServer(): Promise<AppServer> {
  await ensureClientBuilt();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    clientDir: DIST_DIR,
    jwtSecret: 'scrubin-e2e-secret',
    logLevel: process.env.SCRUBIN_E2E_LOG || 'silent',
  });
  const origin = `http://localhost:${server.port}`;
  const close = async () => {
    await server.close();
  };
  return {
    server,
    origin,
    apiUrl: server.url,
    clientUrl(params = {}) {
      const url = new URL(CLIENT_PATH, origin);
      url.searchParams.set('test', '1');
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      return url.href;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A share link as the page got it, with `test=1` added so the opened page exposes its hooks. */
export function withTestFlag(link: string): string {
  const url = new URL(link);
  url.searchParams.set('test', '1');
  return url.href;
}
