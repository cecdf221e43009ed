import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The dashboard is built to dist/ and served, together with scenes/ and the socket.io feed, by mock-server
// (`npm start`). `npm run dev` runs Vite's dev server in middleware mode inside the same process.
export default defineConfig({
  plugins: [react()],
  publicDir: 'public',
  build: {
    outDir: 'dist',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'mock-server/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30000,
    hookTimeout: 60000,
    pool: 'forks',
  },
});
