// The k-th smallest of numbers in linear time (Hoare's quickselect, median-of-three pivots), for the
// thresholds of ranked lists: a full sort of 100,000 values took 15 ms of a main-thread task.

/** The k-th smallest value (0-based) of `values`, which it reorders. Values must not be NaN. */
export function kthSmallest(values: Float64Array, k: number): number {
  // Plain variables, no destructuring: this runs once per list, mostly before the JIT optimises it.
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const a = values[lo];
    const b = values[(lo + hi) >> 1];
    const c = values[hi];
    const pivot = a < b ? (b < c ? b : a < c ? c : a) : a < c ? a : b < c ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i] < pivot) i++;
      while (values[j] > pivot) j--;
      if (i <= j) {
        const t = values[i];
        values[i++] = values[j];
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k];
  }
  return values[k];
}
