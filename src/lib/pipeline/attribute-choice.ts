// Whether the customer attributes help, on this data: the deep pipeline is trained with and without
// them, each variant's selection network (fitted before the validation window inside the calibration
// data) forecasts that window free-running, blended as the stacking blends it, and the attributes are
// kept only when they lower the forecast's RMSE by more than MIN_GAIN. Nothing after the cut-off is
// looked at.
import type { CountMetrics } from './metrics';
import type { WindowScore } from './stacking';

/**
 * The RMSE gain (a share) the attributes must bring: more than the spread that the seed alone gives
 * (0.7% between seeds 1-3 on the CDNOW sample), so that a network with more inputs is not kept for a
 * lucky draw.
 */
export const MIN_GAIN = 0.01;

export interface AttributeChoice {
  /** The attributes offered, by name. */
  names: string[];
  used: boolean;
  reason: string;
  /** Both variants' forecast of the validation window (null: that variant could not be scored). */
  validation: { windowDays: number; without: WindowScore | null; with: WindowScore | null };
}

/** What the choice compares: the blend's figures where both variants have a blend, else the LSTM's. */
function compared(a: WindowScore, b: WindowScore): [CountMetrics, CountMetrics, string] {
  return a.blend && b.blend ? [a.blend, b.blend, 'the blend'] : [a.lstm, b.lstm, 'the LSTM alone'];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function chooseAttributes(names: string[], windowDays: number, without: WindowScore | null, withAttributes: WindowScore | null): AttributeChoice {
  const validation = { windowDays, without, with: withAttributes };
  const list = names.join(', ');
  if (!withAttributes || !without) {
    const reason = `The ${windowDays}-day validation window inside the calibration data could not score ${withAttributes ? 'the models without' : 'the models with'} the attributes (${list}): the models ${withAttributes ? 'use' : 'do not use'} them.`;
    return { names, used: Boolean(withAttributes), reason, validation };
  }
  const [a, b, what] = compared(without, withAttributes);
  const gain = a.rmse > 0 ? (a.rmse - b.rmse) / a.rmse : 0;
  const used = gain > MIN_GAIN;
  const figures = `${what}'s forecast of the ${windowDays}-day validation window inside the calibration data had RMSE ${b.rmse.toFixed(3)} with the attributes (${list}) and ${a.rmse.toFixed(3)} without`;
  const verdict = used
    ? `${pct(gain)} better, more than the ${pct(MIN_GAIN)} it takes: the models use them`
    : gain > 0
      ? `only ${pct(gain)} better, not more than the ${pct(MIN_GAIN)} it takes: the models do not use them`
      : `${pct(-gain)} worse: the models do not use them`;
  return { names, used, reason: `${figures[0].toUpperCase()}${figures.slice(1)}: ${verdict}.`, validation };
}
