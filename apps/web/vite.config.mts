import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The web app's build: served by the api at / under a strict Content-Security-Policy, so everything
 * (CSS, fonts, icons) is bundled and fingerprinted under /assets/, and nothing is inlined that the
 * policy would refuse (no inline scripts or styles; fonts stay files because font-src is 'self').
 */
export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react()],
  resolve: {
    // dkfds's package exports expose only its JavaScript; its CSS, fonts and icons come from dist.
    alias: { 'dkfds-dist': `${repoRoot}node_modules/dkfds/dist` },
  },
  build: {
    outDir: `${repoRoot}dist/apps/web`,
    emptyOutDir: true,
    assetsDir: 'assets',
    // Small images may become data: URIs (img-src allows data:); fonts never (font-src 'self').
    assetsInlineLimit: (file) => (/\.(woff2?|ttf|eot|otf)$/.test(file) ? false : undefined),
    modulePreload: { polyfill: false },
    target: 'es2022',
    reportCompressedSize: true,
    rolldownOptions: {
      // Libraries in one long-cached chunk (they change less often than the app); pages are their own chunks.
      output: { codeSplitting: { groups: [{ name: 'vendor', test: /node_modules/ }] } },
    },
  },
});
