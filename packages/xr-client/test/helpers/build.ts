/**
 * The production build of the XR client that the e2e tests load: built once with
 * `npm run build -w @scrubin/xr-client` when `dist/` is missing or older than its sources.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/xr-client */
export const CLIENT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The repository root (the npm workspace root). */
export const REPO_ROOT = join(CLIENT_ROOT, '../..');
/** Where `vite build` writes the client; the server serves it at /surgery-simulation. */
export const DIST_DIR = join(CLIENT_ROOT, 'dist');

/** What the bundle is made of: the client and the workspace packages bundled from source. */
const SOURCES = [
  join(CLIENT_ROOT, 'src'),
  join(CLIENT_ROOT, 'public'),
  join(CLIENT_ROOT, 'index.html'),
  join(CLIENT_ROOT, 'vite.config.ts'),
  join(CLIENT_ROOT, 'package.json'),
  join(REPO_ROOT, 'packages/sdk/src'),
  join(REPO_ROOT, 'packages/sim/src'),
  join(REPO_ROOT, 'packages/protocol/src'),
];

/** Newest modification time (ms) of a file or of any file under a folder; 0 when missing. */
async function newestMtime(path: string): Promise<number> {
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Why the build is stale (for the log), or null when `dist/` is up to date. */
export async function staleReason(): Promise<string | null> {
  const index = join(DIST_DIR, 'index.html');
  if (!existsSync(index)) return 'dist/index.html is missing';
  const built = (await stat(index)).mtimeMs;
  for (const source of SOURCES) {
    if ((await newestMtime(source)) > built) return `${source} changed after the last build`;
  }
  return null;
}

/**
 * Builds the client unless `dist/` is newer than every source. Runs the workspace's own build
 * script with a production environment (vitest sets NODE_ENV=test, which would give React's
 * development build).
 * @param timeoutMs How long the build may take. @default 600000
 */
export async function ensureClientBuilt(timeoutMs = 600_000): Promise<void> {
  const reason = await staleReason();
  if (reason === null) return;
  const env = { ...process.env };
  delete env.NODE_ENV;
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];
  console.info(`[e2e] building the XR client (${reason})…`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      'npm',
      ['run', 'build', '-w', '@scrubin/xr-client'],
      { cwd: REPO_ROOT, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (!err) return resolve();
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n');
        reject(new Error(`npm run build -w @scrubin/xr-client failed:\n${tail}`));
      },
    );
  });
  if (!existsSync(join(DIST_DIR, 'index.html'))) {
    throw new Error(`The client build finished without ${join(DIST_DIR, 'index.html')}`);
  }
}
