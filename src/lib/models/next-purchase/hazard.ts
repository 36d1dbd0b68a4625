// The next-gap distribution of the next-purchase model: a discretised Lomax (Pareto II), the next
// purchase after G days where P(G > t) = (1 + t / lambda)^-r. The Lomax is what an exponential gap
// with a gamma-distributed rate gives, so a long silence lowers the expected rate gradually instead of
// ruling the customer out (a separate never-again probability was tried, ea636ff, and took silent
// customers for lost). Completed gaps and censored ones (time since the last purchase, still
// running at the cut-off) both enter the likelihood, which is where the "are they still around?"
// evidence comes from. The same maths in tfjs (training) and plain JS (prediction, sampling).
import * as tf from '@tensorflow/tfjs';

/** Network outputs per step: [z_r, z_lambda]. */
export const HAZARD_PARAMS = 2;
/** P(alive) = P(a purchase within this many days). */
export const ALIVE_WINDOW_DAYS = 365;
/** The window of "likely to buy soon": a week. */
export const WEEK_DAYS = 7;
const SHAPE_MIN = 0.1;
const SHAPE_RANGE = 9.9;

export interface GapDistribution {
  shape: number;
  /** Scale in days. */
  scale: number;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** From raw outputs to a distribution; `logScaleOffset` centres lambda on the training data's typical gap. */
export function toDistribution(zk: number, zl: number, logScaleOffset: number): GapDistribution {
  return { shape: SHAPE_MIN + SHAPE_RANGE * sigmoid(zk), scale: Math.exp(Math.max(-8, Math.min(8, zl)) + logScaleOffset) };
}

/** log P(G > t) for the buy-again part. */
export const logSurvival = (d: GapDistribution, t: number) => -d.shape * Math.log1p(Math.max(t, 0) / d.scale);

/** Probability of buying within `days` given no purchase for `elapsed` days. */
export const purchaseWithin = (d: GapDistribution, elapsed: number, days: number) => 1 - Math.exp(logSurvival(d, elapsed + days) - logSurvival(d, elapsed));

/** Probability of being "alive": a purchase within ALIVE_WINDOW_DAYS, given no purchase for `elapsed` days. */
export const aliveProbability = (d: GapDistribution, elapsed: number) => purchaseWithin(d, elapsed, ALIVE_WINDOW_DAYS);

/** A gap (whole days, > elapsed) drawn from the buy-again part conditional on G > elapsed; u in (0, 1). */
export function sampleGapAfter(d: GapDistribution, elapsed: number, u: number): number {
  // Solve S(g) / S(elapsed) = u.
  const g = d.scale * Math.expm1(Math.log1p(Math.max(elapsed, 0) / d.scale) - Math.log(u) / d.shape);
  return Math.max(Math.ceil(Math.min(g, 1e7)), Math.floor(elapsed) + 1);
}

/** Median gap conditional on G > elapsed. */
export const medianGapAfter = (d: GapDistribution, elapsed: number) => sampleGapAfter(d, elapsed, 0.5);

/**
 * Negative log-likelihood per scored step. yTrue [..., 3] = (gap days, ended in a purchase, mask);
 * yPred [..., 2] = raw outputs.
 */
export function hazardLoss(yTrue: tf.Tensor, yPred: tf.Tensor, logScaleOffset: number): tf.Scalar {
  // No tf.tidy here: the training loop's gradient tape needs the intermediates, and tidies around it.
  {
    const [gap, event, mask] = tf.split(yTrue, 3, -1);
    const [zk, zl] = tf.split(yPred, 2, -1);
    const k = tf.add(SHAPE_MIN, tf.mul(SHAPE_RANGE, tf.sigmoid(zk)));
    const lambda = tf.exp(tf.add(tf.clipByValue(zl, -8, 8), logScaleOffset));
    const logS = (t: tf.Tensor) => tf.neg(tf.mul(k, tf.log1p(tf.div(tf.maximum(t, 0), lambda))));
    const logSBefore = logS(tf.sub(gap, 1));
    const logSAt = logS(gap);
    // P(G = g) = S(g - 1) - S(g) for whole days.
    const logMass = tf.add(logSBefore, tf.log(tf.clipByValue(tf.neg(tf.expm1(tf.sub(logSAt, logSBefore))), 1e-12, 1)));
    const ll = tf.add(tf.mul(event, logMass), tf.mul(tf.sub(1, event), logSAt));
    return tf.div(tf.neg(tf.sum(tf.mul(mask, ll))), tf.maximum(tf.sum(mask), 1)) as tf.Scalar;
  }
}
