// Batches of event sequences. A training batch is a random sample of customers (so that every batch
// mixes short and long histories, one-time and repeat buyers, and its gradient is unbiased), packed
// time-major so that no step computes padding.
import * as tf from '@tensorflow/tfjs';
import { EVENT_TARGETS, type EventSequences } from '../../features/events';
import { permutation, subsample } from '../../util/random';
import { packedSteps } from '../recurrent/lstm';
import { MAX_SAMPLES_PER_EPOCH, type Batch, type TrainingData } from '../training';

/** The given sequences cut into batches of similar lengths (for validation: less work per step). */
function lengthBuckets(lengths: Int32Array, batchSize: number, indices: Int32Array): Int32Array[] {
  const sorted = Array.from(indices).sort((a, b) => lengths[a] - lengths[b]);
  const batches: Int32Array[] = [];
  for (let s = 0; s < sorted.length; s += batchSize) batches.push(Int32Array.from(sorted.slice(s, s + batchSize)));
  return batches;
}

/**
 * The given sequences packed time-major for the fused LSTM: longest first, step t holds the t-th
 * event of every sequence that long. Features [E, s.width] and targets [E, EVENT_TARGETS] for
 * the E events, in the same order; the weight is the number of scored steps.
 */
export function packedBatch(s: EventSequences, idx: Int32Array): Batch {
  const order = Array.from(idx).sort((a, b) => s.lengths[b] - s.lengths[a] || a - b);
  const rows = Array.from({ length: s.lengths[order[0]] }, (_, t) => order.findLastIndex((i) => s.lengths[i] > t) + 1);
  const steps = packedSteps(rows);
  const events = steps.offsets[rows.length];
  const width = s.width;
  const x = new Float32Array(events * width);
  const y = new Float32Array(events * EVENT_TARGETS);
  let scored = 0;
  for (let t = 0; t < rows.length; t++) {
    for (let j = 0; j < rows[t]; j++) {
      const [from, to] = [s.offsets[order[j]] + t, steps.offsets[t] + j];
      // Loops, not subarray + set: a row is a few values, and two views per event cost more than the copy.
      for (let k = 0; k < width; k++) x[to * width + k] = s.x[from * width + k];
      for (let k = 0; k < EVENT_TARGETS; k++) y[to * EVENT_TARGETS + k] = s.y[from * EVENT_TARGETS + k];
      scored += s.y[from * EVENT_TARGETS + 2];
    }
  }
  return { x: tf.tensor2d(x, [events, width]), y: tf.tensor2d(y, [events, EVENT_TARGETS]), weight: scored, steps };
}

export function sequenceData(train: EventSequences, validation: EventSequences | null, batchSize: number, seed: number, maxPerEpoch = MAX_SAMPLES_PER_EPOCH): TrainingData {
  const validationBuckets = validation ? lengthBuckets(validation.lengths, 1024, subsample(validation.count, maxPerEpoch, seed)) : [];
  return {
    *batches(epoch) {
      const order = permutation(train.count, seed + epoch);
      const end = Math.min(train.count, maxPerEpoch);
      // Every training step is scored, so every batch has a positive weight.
      for (let s = 0; s < end; s += batchSize) yield packedBatch(train, order.subarray(s, Math.min(s + batchSize, end)));
    },
    *validation() {
      for (const idx of validationBuckets) {
        const batch = packedBatch(validation!, idx);
        if (batch.weight > 0) yield batch;
        else tf.dispose([batch.x, batch.y]);
      }
    },
    dispose: () => {},
  };
}
