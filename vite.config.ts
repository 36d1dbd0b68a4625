import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { contentSecurityPolicy, serviceWorker } from './build/service-worker';

// Scripts, workers, styles and images only from the app itself (WASM compiled by the browser); data
// may be fetched from the app and from the HTTP(S) endpoints a user types in, which can be any host.
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
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
