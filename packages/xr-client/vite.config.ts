import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

/** @react-three/xr's own emulator is never enabled (see src/vr/no-emulator.ts): leave it out. */
function withoutXrStoreEmulator(): Plugin {
  const stub = fileURLToPath(new URL('src/vr/no-emulator.ts', import.meta.url));
  return {
    name: 'without-xr-store-emulator',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === './emulate.js' && importer?.replace(/\\/g, '/').includes('/@pmndrs/xr/')) {
        return stub;
      }
      return null;
    },
  };
}

// Served by the platform at /surgery-simulation, so share links open the client. Workspace
// packages are bundled from their TypeScript source.
export default defineConfig({
  base: '/surgery-simulation/',
  plugins: [react(), withoutXrStoreEmulator()],
  resolve: { conditions: ['@scrubin/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1600,
  },
});
