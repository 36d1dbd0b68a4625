// Run settings, as the original product had them: the "data up to" cut-off, the horizon and the
// order_count threshold. Plain data with documented defaults; used by the UI, the CLI and the pipeline.

/** Horizon presets in days, named as in the original (`time_period`). */
export const HORIZON_PRESETS = {
  week: 7,
  '2*week': 14,
  month: 30,
  '2*month': 60,
  quarter: 90,
  '6*month': 180,
} as const;

export type HorizonPreset = keyof typeof HORIZON_PRESETS;

export interface RunSettings {
  /** Inclusive cut-off (day number): only purchases on or before it are used. Default: the last day in the data. */
  cutoffDay: number;
  horizonDays: number;
  /** Window of the amount model and newcomer threshold; null = chosen automatically. */
  orderCount: number | null;
}

export const DEFAULT_HORIZON: HorizonPreset = 'quarter';
export const MAX_HORIZON_DAYS = 3 * 365;

/** A preset name or a whole number of days, e.g. "month" or "45". */
export function parseHorizon(text: string): number {
  const t = text.trim();
  if (t in HORIZON_PRESETS) return HORIZON_PRESETS[t as HorizonPreset];
  const days = Number(t);
  if (!Number.isInteger(days) || days < 1 || days > MAX_HORIZON_DAYS) {
    throw new RangeError(`Horizon "${text}" is neither a preset (${Object.keys(HORIZON_PRESETS).join(', ')}) nor a whole number of days from 1 to ${MAX_HORIZON_DAYS}.`);
  }
  return days;
}
