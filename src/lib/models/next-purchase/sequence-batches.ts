// Batches of event sequences. A training batch is a random sample of customers (so that every batch
// mixes short and long histories, one-time and repeat buyers, and its gradient is unbiased), split
// into parts by length so each part is padded only to its own longest sequence.
import * as tf from '@tensorflow/tfjs';
import { EVENT_FEATURES, EVENT_TARGETS, MAX_EVENTS, type EventSequences } from '../../features/events';
import { permutation, subsample } from '../../util/random';
import { MAX_SAMPLES_PER_EPOCH, type BatchPart, type TrainingData } from '../training';

/** The given sequences sorted by length, cut into batches (for validation). */
function lengthBuckets(lengths: Int32Array, batchSize: number, indices: Int32Array): Int32Array[] {
  const sorted = Array.from(indices).sort((a, b) => lengths[a] - lengths[b]);
  const batches: Int32Array[] = [];
  for (let s = 0; s < sorted.length; s += batchSize) batches.push(Int32Array.from(sorted.slice(s, s + batchSize)));
  return batches;
}

/** x [n, L, EVENT_FEATURES] for the given sequences, L = their longest length, zero-padded after each one's last event. */
export function batchInputs(s: EventSequences, idx: Int32Array): { x: Float32Array; length: number } {
  const length = idx.reduce((m, i) => Math.max(m, s.lengths[i]), 1);
  const x = new Float32Array(idx.length * length * EVENT_FEATURES);
  idx.forEach((i, b) => x.set(s.x.subarray(s.offsets[i] * EVENT_FEATURES, s.offsets[i + 1] * EVENT_FEATURES), b * length * EVENT_FEATURES));
  return { x, length };
}

function batchTensors(s: EventSequences, idx: Int32Array): BatchPart {
  const { x, length } = batchInputs(s, idx);
  const y = new Float32Array(idx.length * length * EVENT_TARGETS);
  let scored = 0;
  idx.forEach((i, b) => {
    const rows = s.y.subarray(s.offsets[i] * EVENT_TARGETS, s.offsets[i + 1] * EVENT_TARGETS);
    y.set(rows, b * length * EVENT_TARGETS);
    for (let k = 2; k < rows.length; k += EVENT_TARGETS) scored += rows[k];
  });
  return [tf.tensor3d(x, [idx.length, length, EVENT_FEATURES]), tf.tensor3d(y, [idx.length, length, EVENT_TARGETS]), scored];
}

/** Upper bounds of the length classes a batch is split into. */
const LENGTH_CLASSES = [1, 2, 4, 8, 16, MAX_EVENTS];

export function sequenceData(train: EventSequences, validation: EventSequences | null, batchSize: number, seed: number, maxPerEpoch = MAX_SAMPLES_PER_EPOCH): TrainingData {
  const validationBuckets = validation ? lengthBuckets(validation.lengths, 1024, subsample(validation.count, maxPerEpoch, seed)) : [];
  return {
    *batches(epoch) {
      const order = permutation(train.count, seed + epoch);
      const end = Math.min(train.count, maxPerEpoch);
      for (let s = 0; s < end; s += batchSize) {
        const batch = order.subarray(s, Math.min(s + batchSize, end));
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
