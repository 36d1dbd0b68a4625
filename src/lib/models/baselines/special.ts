// Special functions for the classic models: gammaln, betaln and the Gauss hypergeometric 2F1 from
// stdlib (ports of Cephes / Boost, maintained and tested there), 2F1(1, b; c; z) by a continued
// fraction where 2F1's series is slow, plus a stable log(e^a + e^b).
import betaln from '@stdlib/math-base-special-betaln';
import gammaln from '@stdlib/math-base-special-gammaln';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';

export { betaln, gammaln, hyp2f1 };

export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = Math.max(a, b);
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/** Enough for 1 - z >= 1e-8; beyond that (parameters far from any fit) the fraction so far. */
const FRACTION_TERMS = 100_000;
const nonzero = (v: number) => (Math.abs(v) < 1e-300 ? 1e-300 : v);

/**
 * 2F1(1, b; c; z) for 0 < b < c and 0 <= z < 1. It is the incomplete beta function's 2F1, and that
 * function's continued fraction (Numerical Recipes' betacf with a = c - 1 and b - c + 1 for its b,
 * by modified Lentz) converges where the series needs thousands of terms: large b and z near 1,
 * where each term shrinks by only about z. A few terms for z <= 0.9, about 7 / sqrt(1 - z) at worst.
 */
export function hyp2f1One(b: number, c: number, z: number): number {
  const a = c - 1;
  let num = 1;
  let den = 1 / nonzero(1 - (b * z) / c);
  let value = den;
  for (let m = 1; m <= FRACTION_TERMS; m++) {
    const even = (m * (b - a - m) * z) / ((a + 2 * m - 1) * (a + 2 * m));
    den = 1 / nonzero(1 + even * den);
    num = nonzero(1 + even / num);
    value *= den * num;
    const odd = (-(a + m) * (b + m) * z) / ((a + 2 * m) * (c + 2 * m));
    den = 1 / nonzero(1 + odd * den);
    num = nonzero(1 + odd / num);
    const step = den * num;
    value *= step;
    if (Math.abs(step - 1) < 1e-15) return value;
  }
  return value;
}
