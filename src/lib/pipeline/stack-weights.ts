// The blend's weights (pipeline/stacking.ts), apart from the models they weigh, so that what shows
// them (the Trust view, the CLI's table) does not load the models.

export interface StackWeights {
  lstm: number;
  bgnbd: number;
  paretoNbd: number;
}

/** Whether every one of the weights given sums to 1 (a convex blend, which keeps the models' level); absent ones are left out. */
export const keepsLevel = (...weights: (StackWeights | undefined)[]) => weights.every((w) => !w || Math.abs(w.lstm + w.bgnbd + w.paretoNbd - 1) < 1e-6);
