// The console's build: one single-page app served by the gateway at `/` (same origin as /api).
// Fonts and images of the design systems are bundled from the npm packages: no CDN.
import react from '@vitejs/plugin-react';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const __dirname = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: __dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: true,
    // The gzip size of the initial load is printed and checked by tools/console-build.mjs.
    reportCompressedSize: true,
  },
  // The MoJ package imports GOV.UK Frontend as `node_modules/govuk-frontend/…`, so the repo root is a load path.
  // GOV.UK Frontend keeps an Internet Explorer hack (`min-width: 0\\0`) that the minifier cannot parse: drop it.
  css: {
    lightningcss: { errorRecovery: true },
    preprocessorOptions: { scss: { quietDeps: true, loadPaths: [resolve(__dirname, '../..')] } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/console-config.json': 'http://127.0.0.1:3000' } },
});
