// The service worker: registered in the built app (so the app works offline after one visit); when a
// new version has been downloaded it waits, and the page offers "reload to update" instead of
// switching under a running training.
export class UpdateState {
  ready = $state(false);
  private registration: ServiceWorkerRegistration | null = null;

  async register(): Promise<void> {
    if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
    try {
      this.registration = await navigator.serviceWorker.register('./sw.js');
    } catch (e) {
      console.warn(`Offline use is not available: ${(e as Error).message}`);
      return;
    }
    const check = () => (this.ready = !!this.registration?.waiting && !!navigator.serviceWorker.controller);
    check();
    this.registration.addEventListener('updatefound', () => this.registration?.installing?.addEventListener('statechange', check));
  }

  /** Lets the new version take over, then reloads into it. */
  apply(): void {
    const waiting = this.registration?.waiting;
    if (!waiting) return;
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage('skip-waiting');
  }
}
