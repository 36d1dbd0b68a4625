import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { contentSecurityPolicy, serviceWorker } from './build/service-worker';
import { wasmThreads } from './build/wasm-threads';

// Scripts, workers, styles and images only from the app itself (WASM compiled by the browser); data
// may be fetched from the app and from the HTTP(S) endpoints a user types in, which can be any host.
// Threaded WASM's pthread workers are blob: workers started by the training worker, which this meta
// policy does not reach (a worker loaded from a URL has its own, and ours sends none); a policy sent as
// a header would need "worker-src 'self' blob:" for them.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' https: http:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

// base './' makes every asset URL relative, so dist/ works from any sub-path (GitHub Pages project sites).
export default defineConfig({
  base: './',
  plugins: [svelte(), serviceWorker('src/service-worker/sw.js', 'public'), contentSecurityPolicy(CSP)],
  // Worker bundles get only these plugins, not the page's: threaded WASM that works minified.
  worker: { format: 'es', plugins: () => [wasmThreads()] },
  build: { target: 'es2022', sourcemap: true },
});
