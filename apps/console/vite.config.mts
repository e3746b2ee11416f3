// The console's build: one single-page app served by the gateway at `/` (same origin as /api).
// Fonts and images of the design systems are bundled from the npm packages: no CDN.
import react from '@vitejs/plugin-react';
import { cpSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const __dirname = dirname(fileURLToPath(import.meta.url));

const repo = resolve(__dirname, '../..');

// The design systems' images (icons the CSS refers to as /assets/images/…), from their packages:
// copied into a public folder of the build's own, served beside the bundle. No CDN.
const publicDir = resolve(repo, 'dist/console-public');
mkdirSync(resolve(publicDir, 'assets'), { recursive: true });
cpSync(
  resolve(repo, 'node_modules/govuk-frontend/dist/govuk/assets/images'),
  resolve(publicDir, 'assets/images'),
  { recursive: true },
);
cpSync(
  resolve(repo, 'node_modules/@ministryofjustice/frontend/moj/assets/images'),
  resolve(publicDir, 'assets/images'),
  { recursive: true },
);

/** GOV.UK Frontend keeps an Internet Explorer-only media query (`min-width: 0\\0`) that no current browser reads and the CSS minifier cannot parse. */
const dropInternetExplorerHacks = {
  name: 'accord:drop-ie-hacks',
  transform(code: string, id: string) {
    if (!id.endsWith('.scss')) return null;
    return code.replace(/@media[^{]*and \(min-width: 0(?:\\0|\uFFFD)\)\s*\{[^{}]*\{[^{}]*\}\s*\}/g, '');
  },
};

export default defineConfig({
  root: __dirname,
  base: '/',
  publicDir,
  plugins: [react(), dropInternetExplorerHacks],
  // The typed API client generated from the OpenAPI document, and the contracts' pure lists imported
  // file by file (`@accord/contracts/roles`): the monorepo's path aliases.
  resolve: {
    alias: {
      '@accord/api-client': resolve(repo, 'libs/api-client/src/index.ts'),
      '@accord/contracts': resolve(repo, 'libs/contracts/src'),
    },
  },
  build: {
    outDir: '../../dist/console',
    emptyOutDir: true,
    sourcemap: true,
    manifest: true,
    rolldownOptions: { checks: { pluginTimings: false } },
    // The gzip size of the initial load is printed and checked by tools/console-build.mjs.
    reportCompressedSize: false,
  },
  // The MoJ package imports GOV.UK Frontend as `node_modules/govuk-frontend/…`, so the repo root is a load path.
  css: {
    preprocessorOptions: {
      scss: {
        quietDeps: true,
        loadPaths: [repo],
        // The design systems' own deprecation notices (MoJ calling GOV.UK mixins) are theirs to fix.
        logger: { warn: () => undefined },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/console-config.json': 'http://127.0.0.1:3000' } },
});
