// exp(x) within 3 units in the last place of a double, three times as fast as V8's Math.exp (4 against
// 13 ns): 2^(k/64) from a table times a degree-6 polynomial of the rest, |r| <= ln 2 / 128. Results
// rounded to float32 then almost never differ from Math.exp's (none in 2 million sigmoids).
// Math.round is what made an earlier attempt slower: the rounding here adds and subtracts 1.5 * 2^52.

const STEPS = 64;
const FRACTION = Float64Array.from({ length: STEPS }, (_, j) => 2 ** (j / STEPS));
/** 2^e for e in [-OFFSET, OFFSET). */
const OFFSET = 1050;
const POWER = Float64Array.from({ length: 2 * OFFSET }, (_, e) => 2 ** (e - OFFSET));
const PER_LN2 = STEPS / Math.LN2;
/** ln 2 / 64 in two parts: k * HI is exact for the k that occur. */
const HI = 0.010830424696223417;
const LO = 2.572804622327669e-14;
const ROUND = 6755399441055744;
/** Beyond this (and for NaN) Math.exp answers: the tables end there. */
const LIMIT = 700;
const [C3, C4, C5, C6] = [1 / 6, 1 / 24, 1 / 120, 1 / 720];

export function fastExp(x: number): number {
  if (!(x > -LIMIT && x < LIMIT)) return Math.exp(x);
  const kd = x * PER_LN2 + ROUND - ROUND;
  const k = kd | 0;
  const r = x - kd * HI - kd * LO;
  const r2 = r * r;
  const p = 1 + r + r2 * (0.5 + r * C3 + r2 * (C4 + r * C5 + r2 * C6));
  return FRACTION[k & (STEPS - 1)] * POWER[(k >> 6) + OFFSET] * p;
}
