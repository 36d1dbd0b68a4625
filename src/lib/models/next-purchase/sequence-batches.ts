// Batches of event sequences. A training batch is a random sample of customers (so that every batch
// mixes short and long histories, one-time and repeat buyers, and its gradient is unbiased), split
// into parts by length so each part is padded only to its own longest sequence.
import * as tf from '@tensorflow/tfjs';
import { EVENT_FEATURES, EVENT_TARGETS, MAX_EVENTS, type EventSequences } from '../../features/events';
import { permutation, type BatchPart, type TrainingData } from '../training';

/** Sequence indices sorted by length, cut into batches (for prediction and validation). */
export function lengthBuckets(lengths: Int32Array, batchSize: number): Int32Array[] {
  const sorted = Array.from(lengths, (_, i) => i).sort((a, b) => lengths[a] - lengths[b]);
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

function batchTensors(s: EventSequences, idx: Int32Array): BatchPart {
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

/** Upper bounds of the length classes a batch is split into. */
const LENGTH_CLASSES = [1, 2, 4, 8, 16, MAX_EVENTS];

export function sequenceData(train: EventSequences, validation: EventSequences | null, batchSize: number, seed: number): TrainingData {
  const validationBuckets = validation ? lengthBuckets(validation.lengths, 1024) : [];
  return {
    *batches(epoch) {
      const order = permutation(train.count, seed + epoch);
      for (let s = 0; s < train.count; s += batchSize) {
        const batch = order.subarray(s, Math.min(s + batchSize, train.count));
        const classes = new Map<number, number[]>();
        for (const i of batch) {
          const c = LENGTH_CLASSES.findIndex((limit) => train.lengths[i] <= limit);
          classes.set(c, [...(classes.get(c) ?? []), i]);
        }
        // Every training step is scored, so every part has a positive weight.
        yield [...classes.values()].map((idx) => batchTensors(train, Int32Array.from(idx)));
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
