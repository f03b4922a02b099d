/**
 * Writes the golden recordings of packages/sim/fixtures from their scripts, and each one's
 * golden file: final state hash, hash lines and scores, from `replay` of the written text.
 *
 *   node --conditions=@scrubin/source --import tsx packages/sim/scripts/make-fixtures.ts [--check] [name…]
 *
 * `--check` writes nothing and exits 1 when a committed file differs from what the script makes.
 * Run it after a change of the simulation model (and bump SIM_VERSION); review the diff.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { replay } from '../src/index.js';
import { buildFixture, FIXTURES, goldenOf } from './fixtures/index.js';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url));

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const names = argv.filter((a) => !a.startsWith('--'));
  const unknown = names.filter((n) => !FIXTURES.some((f) => f.name === n));
  if (unknown.length > 0) {
    const known = FIXTURES.map((f) => f.name).join(', ');
    console.error(`Unknown fixture ${unknown.join(', ')}; known: ${known}`);
    return 2;
  }
  await mkdir(FIXTURES_DIR, { recursive: true });
  let stale = 0;
  for (const spec of FIXTURES) {
    if (names.length > 0 && !names.includes(spec.name)) continue;
    const started = Date.now();
    const { text, world, recording } = buildFixture(spec);
    // The golden comes from replaying the text itself, which must agree with the run that wrote
    // its hash lines.
    const result = replay(text);
    if (result.hashMismatches.length > 0 || result.finalHash !== world.hash()) {
      console.error(`${spec.name}: replay disagrees with the run that wrote the hash lines`);
      return 1;
    }
    const goldenPath = `${FIXTURES_DIR}${spec.name}.golden.json`;
    const golden = await format(JSON.stringify(goldenOf(result)), {
      ...(await resolveConfig(goldenPath)),
      filepath: goldenPath,
    });
    for (const [path, content] of [
      [`${FIXTURES_DIR}${spec.name}.jsonl`, text],
      [goldenPath, golden],
    ] as const) {
      if (check) {
        const current = await readFile(path, 'utf8').catch(() => null);
        if (current !== content) {
          stale += 1;
          console.error(`stale: ${path}`);
        }
      } else {
        await writeFile(path, content);
      }
    }
    const scores = result.scores.participants
      .map((p) => `${p.name} ${p.total}${p.pass ? ' pass' : ` fail (${p.failReasons.join(', ')})`}`)
      .join('; ');
    console.error(
      `${spec.name}: ${recording.events.length} events, ${result.ticks} ticks, ` +
        `${recording.hashes.length} hash lines, ${scores}; ${Date.now() - started} ms`,
    );
  }
  if (stale > 0) console.error(`${stale} stale file(s): run without --check and commit them`);
  return stale > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
