// The backend trial's training step: deterministic, learning, and leak-free.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { trialStep } from '../../src/lib/models/trial-step';
import { backendReady } from './tf-setup';

beforeAll(() => backendReady);

describe('backend trial step', () => {
  it('gives the same first loss every time, lowers it over steps, and frees its tensors', async () => {
    const tensors = tf.memory().numTensors;
    const losses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const step = trialStep();
      try {
        losses.push([await step.run(), await step.run(), await step.run()]);
      } finally {
        step.dispose();
      }
    }
    expect(losses[1][0]).toBe(losses[0][0]);
    expect(losses[0][2]).toBeLessThan(losses[0][0]);
    expect(Number.isFinite(losses[0][0])).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
