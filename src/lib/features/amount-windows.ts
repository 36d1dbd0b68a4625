// Windows for the amount model: the last `window` purchases before a target purchase (amount and the
// gap before it), left-padded with zeros and a presence flag when the history is shorter. Every
// purchase after a customer's first is a target, so every window of every customer trains.
import type { Histories } from './histories';
import { scaleLog, type LogScaler } from './scaler';

export const AMOUNT_FEATURES = 3;

export interface AmountScalers {
  amount: LogScaler;
  gap: LogScaler;
}

export interface AmountWindows {
  count: number;
  window: number;
  /** [count, window, AMOUNT_FEATURES]: presence, scaled log amount, scaled log gap before it. */
  x: Float32Array;
  /** log1p(target amount), [count]. */
  y: Float32Array;
}

export interface PastPurchase {
  day: number;
  amount: number;
}

/** Writes one window ending with `past[past.length - 1]` at `out[offset...]`. */
export function writeAmountWindow(out: Float32Array, offset: number, past: PastPurchase[], window: number, scalers: AmountScalers): void {
  const kept = past.slice(-window);
  const pad = window - kept.length;
  const from = past.length - kept.length;
  kept.forEach((p, k) => {
    const o = offset + (pad + k) * AMOUNT_FEATURES;
    const previous = past[from + k - 1];
    out[o] = 1;
    out[o + 1] = scaleLog(scalers.amount, p.amount);
    out[o + 2] = previous ? scaleLog(scalers.gap, p.day - previous.day) : 0;
  });
}

/** Windows whose target purchase falls in (fromDay, toDay]. */
export function buildAmountWindows(h: Histories, window: number, scalers: AmountScalers, fromDay = -Infinity, toDay = Infinity): AmountWindows {
  const xs: Float32Array[] = [];
  const ys: number[] = [];
  const chunk = 4096;
  let buffer = new Float32Array(chunk * window * AMOUNT_FEATURES);
  let inBuffer = 0;
  for (let c = 0; c + 1 < h.start.length; c++) {
    const past: PastPurchase[] = [];
    for (let i = h.start[c]; i < h.start[c + 1]; i++) {
      const day = h.day[i];
      if (past.length > 0 && day > fromDay && day <= toDay) {
        writeAmountWindow(buffer, inBuffer * window * AMOUNT_FEATURES, past, window, scalers);
        ys.push(Math.log1p(Math.max(h.amount[i], 0)));
        if (++inBuffer === chunk) {
          xs.push(buffer);
          buffer = new Float32Array(chunk * window * AMOUNT_FEATURES);
          inBuffer = 0;
        }
      }
      past.push({ day, amount: h.amount[i] });
    }
  }
  xs.push(buffer.subarray(0, inBuffer * window * AMOUNT_FEATURES));
  const x = new Float32Array(ys.length * window * AMOUNT_FEATURES);
  let o = 0;
  for (const part of xs) {
    x.set(part, o);
    o += part.length;
  }
  return { count: ys.length, window, x, y: Float32Array.from(ys) };
}
