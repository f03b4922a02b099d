/**
 * Frame time of the operating scene on desktop in headless Chromium (Debian's, SwiftShader WebGL):
 *
 *   npm run bench:client -- [--seconds 10] [--width 960] [--height 600]
 *
 * One user's session page renders every frame while (1) nothing moves and (2) another
 * participant, a bot over the real SDK, presses forceps into the tissue and circles at 30 Hz,
 * so the tissue deforms every tick and the remote instrument moves. Then the baseline: bare
 * three.js rendering one lit box into a canvas of the size the scene had, in the same browser.
 * Prints a table and writes bench/results/client-<stamp>.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createScrubinClient, type LiveSession } from '@scrubin/sdk';
import { startServer } from '@scrubin/server';
import type { FrameReport } from '../../packages/xr-client/src/scene/FrameProbe.js';
import { DIST_DIR, ensureClientBuilt } from '../../packages/xr-client/test/helpers/build.js';
import {
  readHooks,
  waitForHooks,
  waitForStatus,
} from '../../packages/xr-client/test/helpers/scene.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../scripts/chromium.js';
import { readMachineCpu, busyPctOfCore, type MachineCpu } from '../relay/machine.js';
import { table } from '../sim/report.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    width: { type: 'string', default: '960' },
    height: { type: 'string', default: '600' },
  },
});
const SECONDS = Number(args.seconds);
const WARMUP_S = Number(args.warmup);
const VIEWPORT = { width: Number(args.width), height: Number(args.height) };
const PASSWORD = 'frame benchmark password';
const RESULTS = new URL('../results/', import.meta.url);

interface Phase {
  name: string;
  report: FrameReport;
  /** Busy CPU of the whole machine during the window, % of one core. */
  machineCpuPct: number;
  /** Simulation ticks the page advanced during the window (none on the baseline page). */
  ticks: number | undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Renders every frame for a warm-up, then records a window of `SECONDS`. */
async function measure(page: Page, name: string): Promise<Phase> {
  await page.evaluate(() => window.__scrubinFrames!.begin());
  await sleep(WARMUP_S * 1000);
  const tick0 = (await readHooks(page))?.tick;
  await page.evaluate(() => window.__scrubinFrames!.begin());
  const cpu0: MachineCpu = readMachineCpu();
  await sleep(SECONDS * 1000);
  const report = await page.evaluate(() => window.__scrubinFrames!.end());
  const machineCpuPct = busyPctOfCore(cpu0, readMachineCpu(), 2);
  const tick1 = (await readHooks(page))?.tick;
  console.error(`${name}: ${report.frames} frames, ${report.fps.toFixed(1)} fps`);
  const ticks = tick0 === undefined || tick1 === undefined ? undefined : tick1 - tick0;
  return { name, report, machineCpuPct, ticks };
}

/** A participant who presses forceps 3 mm into the tissue and circles, 30 poses a second. */
function startPressingBot(live: LiveSession): () => void {
  const started = performance.now();
  const rotation: [number, number, number, number] = [0, 0, 0, 1];
  let stopped = false;
  const timer = setInterval(() => {
    const angle = ((performance.now() - started) / 1000) * Math.PI;
    const position: [number, number, number] = [
      0.02 * Math.cos(angle),
      -0.003,
      0.02 * Math.sin(angle),
    ];
    live.cursor({ position, rotation, tool: 'forceps' });
    live
      .toolInteract({ tool: 'forceps', action: 'pose', pose: { position, rotation } })
      .catch((err: unknown) => {
        // Acks still in flight when the bot leaves are cut off; that is not a refusal.
        if (!stopped) console.error('bot pose refused:', err);
      });
  }, 1000 / 30);
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}

async function baselineHtml(size: { width: number; height: number }): Promise<string> {
  const bundle = await build({
    entryPoints: [new URL('./baseline-page.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'iife',
    minify: true,
    logLevel: 'silent',
  });
  const script = bundle.outputFiles[0]!.text.replaceAll('</script', '<\\/script');
  return `<!doctype html><html><body><script>window.__benchCanvasSize=${JSON.stringify(size)}</script><script>${script}</script></body></html>`;
}

async function measureApp(browser: Browser, origin: string, apiUrl: string): Promise<Phase[]> {
  const stamp = Date.now().toString(36);
  const host = createScrubinClient({ baseUrl: apiUrl });
  const { token } = await host.register({
    name: 'Bench Host',
    email: `host.${stamp}@example.org`,
    password: PASSWORD,
  });
  const { session } = await host.createSession({
    title: 'Frame benchmark',
    scenario: 'skin-incision',
    maxParticipants: 4,
    inviteOnly: true,
  });
  const bot = createScrubinClient({ baseUrl: apiUrl });
  await bot.register({ name: 'Bench Bot', email: `bot.${stamp}@example.org`, password: PASSWORD });
  await bot.joinSession(session.shareableCode, { role: 'assistant' });

  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.addInitScript((value) => localStorage.setItem('scrubin.token', value), token);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${origin}/surgery-simulation/?test=1&session=${session.sessionId}`);
  await waitForHooks(page, 120_000);
  await page.waitForFunction(() => window.__scrubinFrames !== undefined);
  await page.locator('[data-testid="control-start"]').click();
  await waitForStatus(page, 'active');

  const live = await bot.join(session.sessionId);
  await live.selectTool('forceps');
  const phases = [await measure(page, 'scene, still')];
  const stopBot = startPressingBot(live);
  try {
    phases.push(await measure(page, 'scene, remote forceps pressing'));
  } finally {
    stopBot();
    live.close();
  }
  await context.close();
  return phases;
}

async function measureBaseline(browser: Browser, size: { width: number; height: number }) {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  page.on('pageerror', (error) => console.error('baseline page error:', error.message));
  await page.setContent(await baselineHtml(size));
  await page.waitForFunction(() => window.__scrubinFrames !== undefined);
  const phase = await measure(page, 'baseline: bare three.js, one box');
  await page.close();
  return phase;
}

function row(phase: Phase, base: Phase): string[] {
  const r = phase.report;
  const ratio = r.intervalMs.mean / base.report.intervalMs.mean;
  return [
    phase.name,
    `${r.width}×${r.height}`,
    r.fps.toFixed(1),
    `${r.intervalMs.p50.toFixed(1)} / ${r.intervalMs.p95.toFixed(1)} / ${r.intervalMs.p99.toFixed(1)}`,
    `${r.workMs.p50.toFixed(2)} / ${r.workMs.p99.toFixed(2)}`,
    `${r.drawCalls} / ${(r.triangles / 1000).toFixed(1)}k`,
    phase.ticks === undefined ? '–' : String(phase.ticks),
    phase.machineCpuPct.toFixed(0),
    phase === base ? '1.00' : ratio.toFixed(2),
  ];
}

async function main(): Promise<void> {
  await ensureClientBuilt();
  const server = await startServer({
    port: 0,
    host: '127.0.0.1',
    clientDir: DIST_DIR,
    jwtSecret: 'scrubin-frame-benchmark',
    logLevel: 'silent',
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const app = await measureApp(browser, `http://localhost:${server.port}`, server.url);
    const size = { width: app[0]!.report.width, height: app[0]!.report.height };
    const base = await measureBaseline(browser, size);
    const phases = [base, ...app];
    console.log(
      table(
        [
          'page',
          'canvas px',
          'fps',
          'frame ms p50/p95/p99',
          'main-thread ms p50/p99',
          'draws / tris',
          'sim ticks',
          'machine CPU %',
          'frame/base',
        ],
        phases.map((p) => row(p, base)),
      ),
    );
    await mkdir(RESULTS, { recursive: true });
    const file = new URL(`client-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, RESULTS);
    await writeFile(
      file,
      JSON.stringify({ viewport: VIEWPORT, seconds: SECONDS, warmupS: WARMUP_S, phases }, null, 2),
    );
    console.error(`results: ${file.pathname}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
