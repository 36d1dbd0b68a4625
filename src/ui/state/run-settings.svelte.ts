// Run settings chosen after import: cut-off date, horizon (preset or days), order_count (auto or set),
// training effort, whether to backtest, and the backend (automatic or forced).
import { formatDay, parseIsoDay } from '../../lib/data/calendar';
import type { DatasetSummary } from '../../lib/data/dataset';
import type { Effort } from '../../lib/pipeline/effort';
import type { RunOptions } from '../../lib/pipeline/records';
import type { BackendPreference } from '../../worker/backend-choice';
import { DEFAULT_HORIZON, HORIZON_PRESETS, parseHorizon, type HorizonPreset } from '../../lib/pipeline/settings';

export class RunSettingsState {
  cutoff = $state('');
  horizon = $state<HorizonPreset | 'custom'>(DEFAULT_HORIZON);
  customDays = $state(45);
  orderCount = $state<number | null>(null);
  firstDay = $state('');
  lastDay = $state('');
  effort = $state<Effort>('standard');
  backtest = $state(true);
  backend = $state<BackendPreference>('auto');

  reset(summary: DatasetSummary): void {
    this.firstDay = formatDay(summary.firstDay);
    this.lastDay = formatDay(summary.lastDay);
    this.cutoff = this.lastDay;
  }

  horizonDays = $derived(this.horizon === 'custom' ? this.customDays : HORIZON_PRESETS[this.horizon]);

  /** The settings, or the reason they are not valid yet. */
  resolved = $derived.by((): RunOptions | string => {
    const cutoffDay = parseIsoDay(this.cutoff);
    if (cutoffDay === null) return `"${this.cutoff}" is not a date (YYYY-MM-DD).`;
    if (this.firstDay && this.cutoff < this.firstDay) return `The cut-off ${this.cutoff} is before the first purchase (${this.firstDay}).`;
    try {
      const horizonDays = this.horizon === 'custom' ? parseHorizon(String(this.customDays)) : HORIZON_PRESETS[this.horizon];
      if (this.orderCount !== null && (!Number.isInteger(this.orderCount) || this.orderCount < 2 || this.orderCount > 100)) {
        return 'order_count must be a whole number from 2 to 100, or automatic.';
      }
      return { cutoffDay, horizonDays, orderCount: this.orderCount, effort: this.effort, backtest: this.backtest };
    } catch (e) {
      return (e as Error).message;
    }
  });
}
