// tf.tidy for functions that return plain values (numbers, typed arrays read from tensors).
import * as tf from '@tensorflow/tfjs';

export function tidyValue<T>(fn: () => T): T {
  let out!: T;
  tf.tidy(() => {
    out = fn();
  });
  return out;
}
