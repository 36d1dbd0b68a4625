// Number, size and date formatting for display.
import { formatDay } from '../lib/data/calendar';

export const count = (n: number) => n.toLocaleString('en-US');
export const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** "1 customer", "2,357 customers". */
export const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? '' : 's'}`;
export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
export const day = formatDay;

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
