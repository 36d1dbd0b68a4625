// Nelder-Mead simplex minimisation (Lagarias et al. 1998 coefficients, adaptive for dimension as in
// Gao & Han 2012), with restarts from the best point until it no longer improves. The classic
// models fit their log-parameters with it, as lifetimes does.

export class ConvergenceError extends Error {
  override name = 'ConvergenceError';
}

export interface MinimizeOptions {
  /** Initial simplex step in each coordinate. */
  step?: number;
  maxIterations?: number;
  /** Stop when the simplex's function values and points are this close. */
  tolerance?: number;
  restarts?: number;
}

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
}

function simplexSearch(f: (x: number[]) => number, x0: number[], step: number, maxIterations: number, tolerance: number): MinimizeResult {
  const n = x0.length;
  const [alpha, beta, gamma, delta] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  const points: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] += step;
    points.push(p);
  }
  let values = points.map(f);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
    const [sorted, sortedValues] = [order.map((i) => points[i]), order.map((i) => values[i])];
    points.splice(0, points.length, ...sorted);
    values = sortedValues;
    const spread = Math.max(...points.slice(1).map((p) => Math.max(...p.map((v, i) => Math.abs(v - points[0][i])))));
    if (Math.abs(values[n] - values[0]) <= tolerance * (1 + Math.abs(values[0])) && spread <= Math.sqrt(tolerance)) break;
    const centroid = Array.from({ length: n }, (_, i) => points.slice(0, n).reduce((s, p) => s + p[i], 0) / n);
    const along = (t: number) => centroid.map((c, i) => c + t * (points[n][i] - c));
    const reflected = along(-alpha);
    const fr = f(reflected);
    if (fr < values[0]) {
      const expanded = along(-alpha * beta);
      const fe = f(expanded);
      [points[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [points[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-alpha * gamma) : along(gamma);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n])) [points[n], values[n]] = [contracted, fc];
      else {
        for (let i = 1; i <= n; i++) {
          points[i] = points[i].map((v, k) => points[0][k] + delta * (v - points[0][k]));
          values[i] = f(points[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return { x: points[best], value: values[best], iterations };
}

/** Minimises f from x0; throws ConvergenceError with the reason when it cannot. */
export function minimize(f: (x: number[]) => number, x0: number[], { step = 0.5, maxIterations = 4000, tolerance = 1e-10, restarts = 5 }: MinimizeOptions = {}): MinimizeResult {
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  if (!Number.isFinite(safe(x0))) throw new ConvergenceError(`The objective is not finite at the starting point (${x0.join(', ')}).`);
  let result = simplexSearch(safe, x0, step, maxIterations, tolerance);
  let iterations = result.iterations;
  for (let r = 0; r < restarts; r++) {
    const again = simplexSearch(safe, result.x, step / 4, maxIterations, tolerance);
    iterations += again.iterations;
    const improved = result.value - again.value > tolerance * (1 + Math.abs(result.value));
    if (again.value < result.value) result = again;
    if (!improved) return { ...result, iterations };
  }
  if (!Number.isFinite(result.value)) throw new ConvergenceError('The objective never became finite: the data may be degenerate (for example no repeat purchases).');
  if (result.iterations >= maxIterations) throw new ConvergenceError(`No convergence after ${iterations} iterations; the best value was ${result.value}.`);
  return { ...result, iterations };
}
