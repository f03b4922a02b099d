import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);

describe('generated REST types', () => {
  it('match openapi.yaml (run `npm run generate` when this fails)', async () => {
    const ast = await openapiTS(new URL('openapi.yaml', root), { defaultNonNullable: false });
    const fresh = astToString(ast);
    const committed = await readFile(
      fileURLToPath(new URL('packages/protocol/src/generated/openapi.ts', root)),
      'utf8',
    );
    // The CLI adds a banner; compare the type bodies.
    expect(committed.endsWith(fresh)).toBe(true);
  });
});
