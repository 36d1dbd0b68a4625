// Writes a saved run with `customers` customers straight into the app's IndexedDB, as the worker would
// have saved it: a dataset of 1-6 purchases per customer and a prediction for a 90-day horizon. For
// dashboard tests at a scale that training in a test could not reach.
import type { Page } from 'playwright-core';

export function storeLargeRun(page: Page, customers: number): Promise<void> {
  return page.evaluate(async (n) => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const [firstDay, cutoffDay, horizonDays] = [19000, 19729, 90];
    const ids: string[] = [];
    const start = [0];
    const days: number[] = [];
    const amounts: number[] = [];
    for (let c = 0; c < n; c++) {
      ids.push(`C${String(c).padStart(6, '0')}`);
      const k = 1 + Math.floor(random() * 6);
      const own = Array.from({ length: k }, () => firstDay + Math.floor(random() * (cutoffDay - firstDay + 1))).sort((a, b) => a - b);
      for (const d of new Set(own)) {
        days.push(d);
        amounts.push(5 + Math.round(random() * 9500) / 100);
      }
      start.push(days.length);
    }
    const count = (f: (c: number) => number) => Float64Array.from({ length: n }, (_, c) => f(c));
    const purchases = Int32Array.from({ length: n }, (_, c) => start[c + 1] - start[c]);
    const pActive = count(() => random());
    const expected = count((c) => pActive[c] * (0.5 + purchases[c] / 2));
    const clv = count((c) => expected[c] * 40);
    const dates = Array.from({ length: n }, (_, c) => (expected[c] >= 1 ? [cutoffDay + 1 + Math.floor(random() * horizonDays)] : []));
    const prediction = {
      cutoffDay, horizonDays, orderCount: 3, hasAmount: true,
      customers: {
        id: ids, segment: Array.from({ length: n }, (_, c) => (purchases[c] < 3 ? 'newcomer' : pActive[c] < 0.5 ? 'at risk' : 'engaged')), purchases,
        frequency: Int32Array.from(purchases, (p) => p - 1), recencyDays: count((c) => days[start[c + 1] - 1] - days[start[c]]), TDays: count((c) => cutoffDay - days[start[c]]),
        monetaryValue: count(() => 40), pActive, pAlive: count((c) => Math.min(1, pActive[c] + 0.2)), pWeek: count((c) => pActive[c] / 10),
        spent: count((c) => amounts.slice(start[c], start[c + 1]).reduce((s, v) => s + v, 0)), expectedPurchases: expected,
        purchasesLow: count(() => 0), purchasesHigh: count((c) => Math.ceil(expected[c] * 2)), clv, clvLow: count((c) => clv[c] / 3), clvHigh: count((c) => clv[c] * 2),
        dates, amounts: dates.map((d) => d.map(() => 40)), reason: dates.map((d) => (d.length ? null : 'next purchase most likely after the horizon')),
      },
      daily: {
        day: Int32Array.from({ length: horizonDays }, (_, i) => cutoffDay + 1 + i),
        engagedPurchases: new Float64Array(horizonDays).fill(expected.reduce((s, v) => s + v, 0) / horizonDays),
        engagedRevenue: new Float64Array(horizonDays).fill(clv.reduce((s, v) => s + v, 0) / horizonDays),
        newcomerArrivals: new Float64Array(horizonDays).fill(20), newcomerRevenue: new Float64Array(horizonDays).fill(800),
      },
      newcomers: { expectedArrivals: 20 * horizonDays, expectedRevenue: 800 * horizonDays, firstAmount: null },
      training: [],
    };
    const revenue = clv.reduce((s, v) => s + v, 0) + 800 * horizonDays;
    const dataset = {
      customerIds: ids, customerStart: Int32Array.from(start), purchaseDay: Int32Array.from(days), purchaseAmount: Float64Array.from(amounts), hasAmount: true,
      summary: { rows: days.length, customers: n, purchases: days.length, firstDay, lastDay: cutoffDay, revenue: amounts.reduce((s, v) => s + v, 0), purchasesPerCustomer: [] },
    };
    const run = {
      id: 'run-large', name: 'Large shop', kind: 'train', createdAt: Date.now(), finishedAt: Date.now(), status: 'done', datasetId: 'dataset-large', datasetName: 'large.csv', modelId: null,
      options: { cutoffDay, horizonDays, orderCount: null, effort: 'standard', backtest: false }, backend: 'wasm', message: null,
      headline: { cutoffDay, horizonDays, customers: n, expectedPurchases: expected.reduce((s, v) => s + v, 0), expectedBuyers: pActive.reduce((s, v) => s + v, 0), atRisk: 0, valueAtStake: 0, newcomerArrivals: 1800, engagedRevenue: revenue - 72000, newcomerRevenue: 72000, revenue, revenueLow: revenue * 0.9, revenueHigh: revenue * 1.1 },
    };
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('clv-prediction');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction(['datasets', 'runs', 'results'], 'readwrite');
    tx.objectStore('datasets').put({ id: 'dataset-large', name: 'large.csv', createdAt: Date.now(), fingerprint: 'large', report: {}, dataset });
    tx.objectStore('results').put({ runId: 'run-large', prediction, backtest: null, classic: null });
    tx.objectStore('runs').put(run);
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, customers);
}
