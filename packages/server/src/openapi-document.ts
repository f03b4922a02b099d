import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** Finds openapi.yaml: beside the package in the repository, or shipped next to dist/. */
function documentPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const candidate of [join(here, '../../../openapi.yaml'), join(here, '../openapi.yaml')]) {
    try {
      readFileSync(candidate, { flag: 'r' });
      return candidate;
    } catch {
      // try the next place
    }
  }
  throw new Error('openapi.yaml not found next to the server package');
}

let cached: Record<string, unknown> | undefined;

/** The REST contract, parsed once; callers get their own copy. */
export function loadOpenApiDocument(): Record<string, unknown> {
  cached ??= parse(readFileSync(documentPath(), 'utf8')) as Record<string, unknown>;
  return structuredClone(cached);
}
