// Special functions for the classic models: gammaln, betaln and the Gauss hypergeometric 2F1 from
// stdlib (ports of Cephes / Boost, maintained and tested there), plus a stable log(e^a + e^b).
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

/** log(e^a - e^b) for a > b. */
export function logSubExp(a: number, b: number): number {
  return a + Math.log1p(-Math.exp(b - a));
}
