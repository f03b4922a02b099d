/**
 * Headless Chromium running the simulation: the sim bundled for browsers with esbuild, served
 * with the fixture recordings by a tiny static server on port 0, driven with playwright-core.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_INSTALL, CHROMIUM_PATH } from '../../../../scripts/chromium.js';

export { CHROMIUM_ARGS, CHROMIUM_INSTALL, CHROMIUM_PATH };

const SIM_ENTRY = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

/** Loads the bundle once as a module and exposes it (or why it failed) on `globalThis`. */
const PAGE_HTML = `<!doctype html>
<meta charset="utf-8" />
<title>scrubin sim</title>
<script type="module">
  import('/sim.js').then(
    (sim) => (globalThis.scrubinSim = sim),
    (err) => (globalThis.scrubinSimError = String(err && err.stack || err)),
  );
</script>
`;

/** What the page's replay gives back (plain JSON). */
export interface PageReplay {
  finalHash: string;
  hashes: { tick: number; hash: string }[];
  hashMismatches: unknown[];
  scores: unknown;
  /** Replay time in the page, ms. */
  elapsedMs: number;
  userAgent: string;
}

/** A page with the simulation loaded. */
export interface SimPage extends AsyncDisposable {
  page: Page;
  /** Fetches `/fixtures/<name>.jsonl` in the page and replays it with the bundled `replay`. */
  replay(name: string): Promise<PageReplay>;
  close(): Promise<void>;
}

/** Bundles `packages/sim/src/index.ts` for browsers (ESM) into `outDir/sim.js`. */
export async function bundleSim(outDir: string): Promise<string> {
  const outfile = join(outDir, 'sim.js');
  await build({
    entryPoints: [SIM_ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@scrubin/source'],
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

function serve(files: Map<string, { type: string; body: Buffer | string }>): Promise<Server> {
  const server = createServer((req, res) => {
    const file = files.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' }).end(file.body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Bundles the sim, serves it with the recordings (`name` → JSON-lines text), launches Chromium
 * and opens a page that imported it. Fails with the install command when Chromium is missing.
 * @example await using sim = await openSimPage({ pass: text }); const r = await sim.replay('pass');
 */
export async function openSimPage(recordings: Record<string, string>): Promise<SimPage> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}: the golden tests run the recordings in it. ` +
        `Install it with: ${CHROMIUM_INSTALL}  (or run scripts/ensure-chromium.sh as root)`,
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'scrubin-sim-browser-'));
  let server: Server | undefined;
  let browser: Browser | undefined;
  const close = async (): Promise<void> => {
    await browser?.close();
    if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const bundle = await readFile(await bundleSim(dir));
    server = await serve(
      new Map([
        [
          '/',
          {
            type: 'text/html',
            body: PAGE_HTML,
          },
        ],
        ['/sim.js', { type: 'text/javascript', body: bundle }],
        ...Object.entries(recordings).map(
          ([name, text]) =>
            [`/fixtures/${name}.jsonl`, { type: 'application/jsonl', body: text }] as const,
        ),
      ]),
    );
    const { port } = server.address() as AddressInfo;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'scrubinSim' in globalThis || 'scrubinSimError' in globalThis);
    const loadError = await page.evaluate(() =>
      String((globalThis as Record<string, unknown>).scrubinSimError ?? ''),
    );
    if (loadError) throw new Error(`The sim bundle did not load in Chromium: ${loadError}`);
    const replay = (name: string): Promise<PageReplay> =>
      page.evaluate(async (file) => {
        type Sim = { replay: (t: string) => Record<string, unknown> };
        const sim = (globalThis as unknown as { scrubinSim: Sim }).scrubinSim;
        const response = await fetch(`/fixtures/${file}.jsonl`);
        if (!response.ok) throw new Error(`GET /fixtures/${file}.jsonl: ${response.status}`);
        const recording = await response.text();
        const started = performance.now();
        const r = sim.replay(recording);
        const elapsedMs = performance.now() - started;
        // Plain JSON, as a file would hold it.
        return JSON.parse(
          JSON.stringify({
            finalHash: r.finalHash,
            hashes: r.hashes,
            hashMismatches: r.hashMismatches,
            scores: r.scores,
            elapsedMs,
            userAgent: (globalThis as unknown as { navigator: { userAgent: string } }).navigator
              .userAgent,
          }),
        ) as PageReplay;
      }, name);
    return { page, replay, close, [Symbol.asyncDispose]: close };
  } catch (err) {
    await close();
    throw err;
  }
}
