// Batches of event sequences grouped by length: each batch is padded only to its own longest
// sequence, so the many short histories do not pay for the few long ones.
import * as tf from '@tensorflow/tfjs';
import { EVENT_FEATURES, EVENT_TARGETS, MAX_EVENTS, type EventSequences } from '../../features/events';
import { seededRandom } from '../../util/random';
import { permutation, type TrainingData } from '../training';

/** Sequence indices sorted by length (ties in a seeded random order), cut into batches. */
export function lengthBuckets(lengths: Int32Array, batchSize: number, seed: number | null): Int32Array[] {
  const order = seed === null ? Int32Array.from(lengths, (_, i) => i) : permutation(lengths.length, seed);
  const sorted = Array.from(order).sort((a, b) => lengths[a] - lengths[b]);
  const batches: Int32Array[] = [];
  for (let s = 0; s < sorted.length; s += batchSize) batches.push(Int32Array.from(sorted.slice(s, s + batchSize)));
  return batches;
}

/** x [n, L, EVENT_FEATURES] for the given sequences, L = their longest length. */
export function batchInputs(s: EventSequences, idx: Int32Array): { x: Float32Array; length: number } {
  const length = Math.max(1, ...Array.from(idx, (i) => s.lengths[i]));
  const x = new Float32Array(idx.length * length * EVENT_FEATURES);
  idx.forEach((i, b) => x.set(s.x.subarray(i * MAX_EVENTS * EVENT_FEATURES, (i * MAX_EVENTS + length) * EVENT_FEATURES), b * length * EVENT_FEATURES));
  return { x, length };
}

function batchTensors(s: EventSequences, idx: Int32Array): [tf.Tensor, tf.Tensor, number] {
  const { x, length } = batchInputs(s, idx);
  const y = new Float32Array(idx.length * length * EVENT_TARGETS);
  let scored = 0;
  idx.forEach((i, b) => {
    const rows = s.y.subarray(i * MAX_EVENTS * EVENT_TARGETS, (i * MAX_EVENTS + length) * EVENT_TARGETS);
    y.set(rows, b * length * EVENT_TARGETS);
    for (let k = 2; k < rows.length; k += EVENT_TARGETS) scored += rows[k];
  });
  return [tf.tensor3d(x, [idx.length, length, EVENT_FEATURES]), tf.tensor3d(y, [idx.length, length, EVENT_TARGETS]), scored];
}

export function sequenceData(train: EventSequences, validation: EventSequences | null, batchSize: number, seed: number): TrainingData {
  const validationBuckets = validation ? lengthBuckets(validation.lengths, 1024, null) : [];
  return {
    *batches(epoch) {
      const buckets = lengthBuckets(train.lengths, batchSize, seed + epoch);
      const random = seededRandom(seed * 7919 + epoch);
      for (let i = buckets.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [buckets[i], buckets[j]] = [buckets[j], buckets[i]];
      }
      for (const idx of buckets) {
        const [x, y] = batchTensors(train, idx);
        yield [x, y];
      }
    },
    *validation() {
      for (const idx of validationBuckets) {
        const [x, y, scored] = batchTensors(validation!, idx);
        if (scored > 0) yield [x, y, scored];
        else tf.dispose([x, y]);
      }
    },
    dispose: () => {},
  };
}
