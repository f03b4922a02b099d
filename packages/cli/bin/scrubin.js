#!/usr/bin/env node
// Runs the built CLI; in a fresh checkout without a build, runs the TypeScript source instead.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/bin.js', import.meta.url);
if (existsSync(fileURLToPath(dist))) {
  await import(dist.href);
} else {
  const source = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    ['--conditions=@scrubin/source', '--import', 'tsx', source, ...process.argv.slice(2)],
    { stdio: 'inherit' },
  );
  // Signals sent to this process (not only to the terminal's group) reach the CLI too.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => child.kill(signal));
  }
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
}
