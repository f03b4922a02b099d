#!/usr/bin/env node
// Runs the built CLI; in a fresh checkout without a build, runs the TypeScript source instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/bin.js', import.meta.url);
if (existsSync(fileURLToPath(dist))) {
  await import(dist.href);
} else {
  const source = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const result = spawnSync(
    process.execPath,
    ['--conditions=@scrubin/source', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  process.exit(result.status ?? 1);
}
