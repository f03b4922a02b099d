import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'scoring/score-worker': 'src/scoring/score-worker.ts' },
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
});
