/**
 * Measures the production build of the XR client: the gzipped JavaScript the first page load
 * fetches (index.html's module scripts, its modulepreload links and everything they import
 * statically; chunks behind a dynamic `import()` and worker scripts are left out) and the gzipped
 * size of all JavaScript in the build. Prints both against the target of ≤ 1 MB for the first
 * load. A measurement, not a test: it exits 0 whatever the figures (1 only when there is no build
 * to measure).
 *
 * Usage (after `npm run build -w @scrubin/xr-client`):
 *   node --import tsx packages/xr-client/scripts/bundle-size.ts [--json] [--dist <dir>]
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

/** The first-load target of the issue: 1 MB (10^6 bytes) of gzipped JavaScript. */
export const FIRST_LOAD_TARGET_BYTES = 1_000_000;
/** gzip level of the measurement: zlib's default, what servers commonly send. */
const GZIP_LEVEL = 6;
const JS_EXTENSIONS = new Set(['.js', '.mjs']);

const DEFAULT_DIST = fileURLToPath(new URL('../dist', import.meta.url));

export interface FileSize {
  /** Path relative to the build folder, with forward slashes. */
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleReport {
  distDir: string;
  /** Entry scripts named by index.html (module scripts and modulepreload links). */
  entries: string[];
  firstLoad: FileSize[];
  allJs: FileSize[];
  firstLoadGzipBytes: number;
  allJsGzipBytes: number;
  targetBytes: number;
}

const posix = (path: string) => path.split(sep).join('/');

/**
 * The `src`/`href` of index.html's `<script type="module" src>` and
 * `<link rel="modulepreload" href>`, as files inside the build folder. URLs carry Vite's base
 * (`/surgery-simulation/`), which is the build folder's root.
 */
export function entryScripts(
  html: string,
  distDir: string,
  base = '/surgery-simulation/',
): string[] {
  const urls: string[] = [];
  const attr = (tag: string, name: string) =>
    new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) {
    if (!/\btype\s*=\s*["']?module\b/i.test(tag)) continue;
    const src = attr(tag, 'src');
    if (src) urls.push(src[1] ?? src[2] ?? src[3]!);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    if (!/\brel\s*=\s*["']?modulepreload\b/i.test(tag)) continue;
    const href = attr(tag, 'href');
    if (href) urls.push(href[1] ?? href[2] ?? href[3]!);
  }
  const files: string[] = [];
  for (const url of urls) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//')) continue; // another origin
    const path = decodeURIComponent(url.split(/[?#]/)[0]!);
    const inDist = path.startsWith(base)
      ? path.slice(base.length)
      : path.startsWith('/')
        ? path.slice(1)
        : path;
    const file = resolve(distDir, inDist);
    if (existsSync(file) && !files.includes(file)) files.push(file);
  }
  return files;
}

/**
 * Every file the entries reach through static `import`/`export … from` (transitively), found
 * with esbuild's metafile; dynamic `import()` targets are not followed.
 */
export async function staticClosure(entries: string[], distDir: string): Promise<string[]> {
  if (entries.length === 0) return [];
  const stopAtDynamic: Plugin = {
    name: 'stop-at-dynamic-imports',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'dynamic-import') return { path: args.path, external: true };
        // Only files of the build: bare names or URLs cannot be loaded by the page anyway.
        if (args.kind !== 'entry-point' && !/^\.{0,2}\//.test(args.path)) {
          return { path: args.path, external: true };
        }
        return undefined;
      });
    },
  };
  const result = await build({
    entryPoints: entries,
    absWorkingDir: distDir,
    bundle: true,
    write: false,
    metafile: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    outdir: join(distDir, '.bundle-size-out'),
    logLevel: 'silent',
    plugins: [stopAtDynamic],
    // Assets referenced from the chunks (new URL(…, import.meta.url)) are not followed.
    loader: { '.js': 'js', '.mjs': 'js' },
  });
  return Object.keys(result.metafile.inputs)
    .map((input) => resolve(distDir, input))
    .filter((file) => JS_EXTENSIONS.has(extname(file)));
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(path)));
    else out.push(path);
  }
  return out;
}

async function sizeOf(file: string, distDir: string): Promise<FileSize> {
  const content = await readFile(file);
  return {
    file: posix(relative(distDir, file)),
    bytes: content.length,
    gzipBytes: gzipSync(content, { level: GZIP_LEVEL }).length,
  };
}

const sum = (sizes: FileSize[]) => sizes.reduce((total, s) => total + s.gzipBytes, 0);

/** Measures a build folder (its index.html and every .js file under it). */
export async function measure(distDir: string): Promise<BundleReport> {
  const html = await readFile(join(distDir, 'index.html'), 'utf8');
  const entries = entryScripts(html, distDir);
  const closure = await staticClosure(entries, distDir);
  const firstLoad = await Promise.all(closure.map((file) => sizeOf(file, distDir)));
  const allFiles = (await listFiles(distDir)).filter((f) => JS_EXTENSIONS.has(extname(f)));
  const allJs = await Promise.all(allFiles.map((file) => sizeOf(file, distDir)));
  const bySize = (a: FileSize, b: FileSize) => b.gzipBytes - a.gzipBytes;
  return {
    distDir,
    entries: entries.map((file) => posix(relative(distDir, file))),
    firstLoad: firstLoad.sort(bySize),
    allJs: allJs.sort(bySize),
    firstLoadGzipBytes: sum(firstLoad),
    allJsGzipBytes: sum(allJs),
    targetBytes: FIRST_LOAD_TARGET_BYTES,
  };
}

const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The report as people read it. */
export function formatReport(report: BundleReport): string {
  const firstLoadFiles = new Set(report.firstLoad.map((s) => s.file));
  const row = (s: FileSize) =>
    `  ${kb(s.gzipBytes).padStart(10)} gz ${kb(s.bytes).padStart(10)} raw  ${s.file}`;
  const within = report.firstLoadGzipBytes <= report.targetBytes;
  return [
    `XR client bundle (${report.distDir}), gzip level ${GZIP_LEVEL}:`,
    `First load (entries: ${report.entries.join(', ') || 'none found'}):`,
    ...report.firstLoad.map(row),
    `Loaded on demand or in workers:`,
    ...report.allJs.filter((s) => !firstLoadFiles.has(s.file)).map(row),
    '',
    `first-load JS: ${kb(report.firstLoadGzipBytes)} gzipped (target ≤ ${kb(report.targetBytes)}: ${
      within ? 'within' : 'OVER'
    })`,
    `all JS:        ${kb(report.allJsGzipBytes)} gzipped in ${report.allJs.length} files`,
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const distArg = argv.indexOf('--dist');
  const distDir = resolve(distArg >= 0 && argv[distArg + 1] ? argv[distArg + 1]! : DEFAULT_DIST);
  if (!existsSync(join(distDir, 'index.html'))) {
    console.error(
      `No build at ${distDir}: run \`npm run build -w @scrubin/xr-client\` first, then measure.`,
    );
    return 1;
  }
  const report = await measure(distDir);
  console.log(argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
