// fastExp against Math.exp: within a few units in the last place of a double everywhere, the same
// special values, and the same float32 sigmoids the LSTM step kernel stores.
import { describe, expect, it } from 'vitest';
import { fastExp } from '../../src/lib/util/fast-exp';
import { seededRandom } from '../../src/lib/util/random';

const EPSILON = 2 ** -52;

describe('fastExp', () => {
  it('is within 3 units in the last place of Math.exp from -700 to 700', () => {
    const random = seededRandom(5);
    const xs = [...Array.from({ length: 200_000 }, () => (random() - 0.5) * 1400), ...Array.from({ length: 4001 }, (_, k) => (k - 2000) / 100), 0, -0, 1e-300, -1e-300, 699.99, -699.99];
    let worst = 0;
    for (const x of xs) {
      const [want, got] = [Math.exp(x), fastExp(x)];
      worst = Math.max(worst, Math.abs(got - want) / (want * EPSILON));
    }
    expect(worst).toBeLessThan(3);
    expect(worst).toBeGreaterThan(0);
  });

  it('gives Math.exp itself outside the table and for NaN and infinities', () => {
    for (const x of [-700, 700, -745, -1000, 709.7, 710, Infinity, -Infinity]) expect(fastExp(x)).toBe(Math.exp(x));
    expect(fastExp(NaN)).toBeNaN();
    expect(fastExp(0)).toBe(1);
  });

  it('rounds sigmoid and tanh to the same float32 as Math.exp does', () => {
    const random = seededRandom(6);
    const [a, b] = [new Float32Array(1), new Float32Array(1)];
    let differ = 0;
    for (let k = 0; k < 200_000; k++) {
      const z = (random() - 0.5) * 30;
      a[0] = 2 / (1 + Math.exp(-2 * z)) - 1;
      b[0] = 2 / (1 + fastExp(-2 * z)) - 1;
      a[0] += 1 / (1 + Math.exp(-z));
      b[0] += 1 / (1 + fastExp(-z));
      if (a[0] !== b[0]) differ++;
    }
    expect(differ).toBe(0);
  });
});
