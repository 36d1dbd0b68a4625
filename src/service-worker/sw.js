// The service worker: precaches the app (shell, worker, WASM binaries, bundled samples) so that after
// one visit the app loads, imports, trains and shows the dashboard with the network off. Requests to
// other origins (the user's endpoints) go straight to the network. A new version waits until the page
// says to take over (the user clicked "reload to update"), so a run is never cut short.
// PRECACHE and VERSION are prepended at build time (build/service-worker.ts).
const CACHE = `clv-prediction-${VERSION}`;

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

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const hit = await cache.match(request, { ignoreSearch: true });
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (error) {
        // Offline and not precached: a page navigation still gets the app.
        const shell = request.mode === 'navigate' && (await cache.match('./index.html'));
        if (shell) return shell;
        throw error;
      }
    })(),
  );
});
