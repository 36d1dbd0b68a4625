// Period buckets (day, week starting Monday, calendar month) over a range of day numbers.
import { civilFromDay, dayFromCivil, formatDay, weekday } from '../data/calendar';

export type Period = 'day' | 'week' | 'month';

export interface Buckets {
  period: Period;
  /** First day of each bucket; a bucket runs to the day before the next one starts. */
  start: Int32Array;
  /** One past the last day covered. */
  end: number;
  label: string[];
}

export function buckets(period: Period, firstDay: number, lastDay: number): Buckets {
  const starts: number[] = [];
  let d = period === 'day' ? firstDay : period === 'week' ? firstDay - weekday(firstDay) : monthStart(firstDay);
  while (d <= lastDay) {
    starts.push(d);
    d = period === 'day' ? d + 1 : period === 'week' ? d + 7 : nextMonth(d);
  }
  const label = starts.map((s) => (period === 'month' ? formatDay(s).slice(0, 7) : formatDay(s)));
  return { period, start: Int32Array.from(starts), end: d, label };
}

/** Index of the bucket holding `day`, or -1 outside the range. */
export function bucketOf(b: Buckets, day: number): number {
  if (day < b.start[0] || day >= b.end) return -1;
  let [lo, hi] = [0, b.start.length - 1];
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (b.start[mid] <= day) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Last day of bucket i. */
export const bucketLastDay = (b: Buckets, i: number) => (i + 1 < b.start.length ? b.start[i + 1] : b.end) - 1;

function monthStart(day: number): number {
  const { year, month } = civilFromDay(day);
  return dayFromCivil(year, month, 1);
}

function nextMonth(day: number): number {
  const { year, month } = civilFromDay(day);
  return month === 12 ? dayFromCivil(year + 1, 1, 1) : dayFromCivil(year, month + 1, 1);
}
