// The service worker: precaches the app (shell, worker, WASM binaries, bundled samples) so that after
// one visit the app loads, imports, trains and shows the dashboard with the network off. Requests to
// other origins (the user's endpoints) go straight to the network. A new version waits until the page
// says to take over (the user clicked "reload to update"), so a run is never cut short.
// It also makes the page cross-origin isolated (the coi-serviceworker pattern: GitHub Pages cannot set
// headers), which multi-threaded WASM needs for its shared memory: every response it serves gets COOP
// same-origin and COEP credentialless. The first visit is not served by it and runs single-threaded
// until the next load; it never reloads the page itself (a reload could cut short an import or a run).
// The user's endpoints are fetched with CORS, which COEP allows as before. COEP credentialless rather
// than require-corp: require-corp also blocks the no-cors probe that tells a CORS refusal from an
// unreachable server (the endpoint importer then said "could not reach" for a CORS refusal); Safari,
// which lacks credentialless, stays single-threaded.
// PRECACHE and VERSION are prepended at build time (build/service-worker.ts).
const CACHE = `clv-prediction-${VERSION}`;
const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(PRECACHE)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('clv-prediction-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

/** The response with the isolation headers; opaque ones (a redirect the browser follows) as they are. */
function isolated(response) {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return isolated(hit);
      try {
        return isolated(await fetch(request));
      } catch (error) {
        // Offline and not precached: a page navigation still gets the app.
        const shell = request.mode === 'navigate' && (await cache.match('./index.html'));
        if (shell) return isolated(shell);
        throw error;
      }
    })(),
  );
});
