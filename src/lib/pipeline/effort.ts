// Training effort: 'standard' uses each model's defaults; 'quick' caps the epochs for a first look in
// seconds (and for tests), at some cost in accuracy.
import type { PipelineOverrides } from './options';

export type Effort = 'quick' | 'standard';

export const EFFORT_LABELS: Record<Effort, string> = {
  quick: 'Quick: few epochs, a first look',
  standard: 'Standard: train until validation stops improving',
};

export function effortOverrides(effort: Effort): PipelineOverrides {
  if (effort === 'standard') return {};
  return { nextPurchase: { epochs: 6, patience: 2 }, amount: { epochs: 4, patience: 2 }, newcomers: { epochs: 5, patience: 2 } };
}
