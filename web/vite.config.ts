import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// The Kefu server the dev proxy forwards to; override when it listens elsewhere.
const server = process.env.KEFU_DEV_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    // antd's shared core lands in one chunk the size of which we accept; pages stay lazy.
    chunkSizeWarningLimit: 900,
    rollupOptions: {
      onwarn(warning, warn) {
        // zod ships /*@__PURE__*/ comments Rollup cannot place; harmless, and it alarms a first start.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: server, ws: true, changeOrigin: false },
      '/healthz': server,
      '/metrics': server,
    },
  },
});
