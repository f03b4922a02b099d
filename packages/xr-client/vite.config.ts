import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

// Served by the platform at /surgery-simulation, so share links open the client. Workspace
// packages are bundled from their TypeScript source.
export default defineConfig({
  base: '/surgery-simulation/',
  plugins: [react()],
  resolve: { conditions: ['@scrubin/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1600,
  },
});
