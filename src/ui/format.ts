// Number, size and date formatting for display.
import { formatDay } from '../lib/data/calendar';

// One formatter each: toLocaleString builds a new one per call (tens of microseconds), which made
// a main-thread task of over 50 ms when an import's figures rendered.
const COUNT = new Intl.NumberFormat('en-US');
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const count = (n: number) => COUNT.format(n);
export const money = (n: number) => MONEY.format(n);
/** "1 customer", "2,357 customers". */
export const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
export const day = formatDay;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
