// Measuring helpers for benchmarks: medians, and the JavaScript memory of a page and its workers.

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface HeapUsage {
  usedSize: number;
  backingStorageSize?: number;
}

/**
 * JavaScript memory of a page and its workers (heap in use plus ArrayBuffer backing stores), read over
 * the DevTools protocol. Worker targets are reached through the browser session in non-flat mode.
 */
export async function jsMemoryProbe(browser: import('playwright-core').Browser, page: import('playwright-core').Page): Promise<() => Promise<number>> {
  const pageSession = await page.context().newCDPSession(page);
  const browserSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await browserSession.send('Target.getTargets');
  const sessions: string[] = [];
  for (const t of targetInfos.filter((t) => t.type === 'worker')) {
    sessions.push((await browserSession.send('Target.attachToTarget', { targetId: t.targetId, flatten: false })).sessionId);
  }
  let nextId = 1;
  const waiting = new Map<number, (usage: HeapUsage) => void>();
  browserSession.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: HeapUsage };
    if (message.id !== undefined && message.result) waiting.get(message.id)?.(message.result);
  });
  const workerUsage = (sessionId: string) =>
    new Promise<HeapUsage>((resolve) => {
      const id = nextId++;
      waiting.set(id, resolve);
      void browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }) });
    });
  const bytes = (u: HeapUsage) => u.usedSize + (u.backingStorageSize ?? 0);
  return async () => {
    const usages = await Promise.all([pageSession.send('Runtime.getHeapUsage') as Promise<HeapUsage>, ...sessions.map(workerUsage)]);
    return usages.reduce((sum, u) => sum + bytes(u), 0) / 1024 / 1024;
  };
}
