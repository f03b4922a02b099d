/**
 * Copies the WebXR controller profiles (button layouts, no 3D models: the client draws its own
 * controllers) from `@webxr-input-profiles/assets` into `public/xr-profiles/`, minified, so that
 * headsets read them from this origin instead of a CDN. Run it after upgrading that package:
 *
 *   node --import tsx packages/xr-client/scripts/copy-controller-profiles.ts
 */
import { createRequire } from 'node:module';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const SOURCE = join(dirname(require.resolve('@webxr-input-profiles/assets/package.json')), 'dist');
const TARGET = fileURLToPath(new URL('../public/xr-profiles', import.meta.url));

const list = JSON.parse(
  await readFile(join(SOURCE, 'profiles', 'profilesList.json'), 'utf8'),
) as Record<string, { path: string }>;

await rm(TARGET, { recursive: true, force: true });
await mkdir(TARGET, { recursive: true });
for (const { path } of Object.values(list)) {
  const profile = JSON.parse(await readFile(join(SOURCE, 'profiles', path), 'utf8')) as unknown;
  await mkdir(join(TARGET, dirname(path)), { recursive: true });
  await writeFile(join(TARGET, path), JSON.stringify(profile));
}
await writeFile(join(TARGET, 'profilesList.json'), JSON.stringify(list));
await copyFile(join(SOURCE, '..', 'LICENSE.md'), join(TARGET, 'LICENSE.md'));
console.log(`${Object.keys(list).length} controller profiles copied to ${TARGET}`);
