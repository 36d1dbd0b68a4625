// Training benchmark in Node on the WASM backend: ms per epoch of each model and the whole predict
// job (import, train, predict) on CDNOW_sample and CDNOW_master, cut-off at the last day, one quarter.
import { join } from 'node:path';
import { pipelineOptions } from '../../lib/pipeline/options';
import { predictClv } from '../../lib/pipeline/predict';
import type { Dataset } from '../../lib/data/dataset';
import type { PipelineOptions } from '../../lib/pipeline/options';
import { disposeModels, trainModels, type Stage, type TrainedModels } from '../../lib/pipeline/train';
import { useNodeBackend } from '../backend';
import { importFile } from '../import-file';
import { gflopsPerSecond, trainingFlopsPerEpoch } from './flops';
import { median } from './measure';

export interface TrainFigures {
  file: string;
  customers: number;
  backend: string;
  msPerEpoch: Partial<Record<Stage, number>>;
  epochs: Partial<Record<Stage, number>>;
  trainMs: number;
  predictMs: number;
  /** Customers predicted per second (Monte Carlo paths, dates and amounts). */
  customersPerSec: number;
  /** Estimated useful training FLOPs per epoch and the GFLOP/s achieved (see flops.ts). */
  flopsPerEpoch: Record<string, number>;
  gflopsPerSec: Record<string, number>;
  jobMs: number;
  runs: number;
}

export interface TimedTraining {
  models: TrainedModels;
  /** Every epoch's ms, per model. */
  epochMs: Partial<Record<Stage, number[]>>;
  trainMs: number;
}

/** Trains every model, timing each epoch (from the previous progress report to the epoch's). */
export async function timedTraining(dataset: Dataset, options: PipelineOptions): Promise<TimedTraining> {
  const epochMs: Partial<Record<Stage, number[]>> = {};
  const start = performance.now();
  let last = start;
  const models = await trainModels(dataset, options, {
    onProgress: (stage, e) => {
      const now = performance.now();
      if (e) (epochMs[stage] ??= []).push(now - last);
      last = now;
    },
  });
  return { models, epochMs, trainMs: performance.now() - start };
}

export async function benchTrain({ root, runs, quick }: { root: string; runs: number; quick: boolean }): Promise<TrainFigures[]> {
  const backend = await useNodeBackend();
  const files = ['CDNOW_sample.txt', ...(quick ? [] : ['CDNOW_master.txt'])].map((f) => join(root, 'public/samples', f));
  const figures: TrainFigures[] = [];
  for (const path of files) {
    const perEpoch: Partial<Record<Stage, number[]>> = {};
    const epochs: Partial<Record<Stage, number>> = {};
    const [trainTimes, predictTimes, jobTimes] = [[], [], []] as number[][];
    let customers = 0;
    let flops: Record<string, number> = {};
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      const { dataset } = await importFile(path, {});
      const options = pipelineOptions(dataset.summary.lastDay, 90);
      const { models, epochMs, trainMs } = await timedTraining(dataset, options);
      for (const [stage, times] of Object.entries(epochMs) as [Stage, number[]][]) {
        (perEpoch[stage] ??= []).push(...times);
        if (run === 0) epochs[stage] = times.length;
      }
      const trained = performance.now();
      const prediction = predictClv(models, dataset, options);
      const done = performance.now();
      flops = trainingFlopsPerEpoch(dataset, options, models.orderCount - 1);
      disposeModels(models);
      customers = prediction.customers.id.length;
      trainTimes.push(trainMs);
      predictTimes.push(done - trained);
      jobTimes.push(done - start);
      process.stderr.write(`  ${path.split('/').pop()} run ${run + 1}/${runs}: train ${Math.round(trainMs)} ms, predict ${Math.round(done - trained)} ms\n`);
    }
    const msPerEpoch = medianPerEpoch(perEpoch);
    figures.push({
      file: path.split('/').pop()!,
      customers,
      backend,
      msPerEpoch,
      epochs,
      trainMs: Math.round(median(trainTimes)),
      predictMs: Math.round(median(predictTimes)),
      customersPerSec: Math.round(customers / (median(predictTimes) / 1000)),
      flopsPerEpoch: flops,
      gflopsPerSec: gflopsPerModel(flops, msPerEpoch),
      jobMs: Math.round(median(jobTimes)),
      runs,
    });
  }
  return figures;
}

export const medianPerEpoch = (times: Partial<Record<Stage, number[]>>): Partial<Record<Stage, number>> =>
  Object.fromEntries(Object.entries(times).map(([k, v]) => [k, Math.round(median(v))]));

export const gflopsPerModel = (flops: Record<string, number>, msPerEpoch: Partial<Record<Stage, number>>): Record<string, number> =>
  Object.fromEntries(Object.entries(flops).map(([k, f]) => [k, Number(gflopsPerSecond(f, msPerEpoch[k as Stage] ?? 0).toPrecision(3))]));

export function trainTable(figures: TrainFigures[]): string {
  const head = '| file | customers | backend | ms/epoch next-purchase | ms/epoch amount | ms/epoch arrivals | epochs (np/amount/arrivals) | train ms | predict ms | customers/s predicted | whole job ms | MFLOP/epoch (np/amount) | GFLOP/s (np/amount) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|';
  const lines = figures.map(
    (f) =>
      `| ${f.file} | ${f.customers.toLocaleString('en-US')} | ${f.backend} | ${f.msPerEpoch['next-purchase'] ?? '-'} | ${f.msPerEpoch.amount ?? '-'} | ${f.msPerEpoch.arrivals ?? '-'} | ${f.epochs['next-purchase'] ?? 0}/${f.epochs.amount ?? 0}/${f.epochs.arrivals ?? 0} | ${f.trainMs} | ${f.predictMs} | ${f.customersPerSec.toLocaleString('en-US')} | ${f.jobMs} | ${Math.round(f.flopsPerEpoch['next-purchase'] / 1e6)}/${Math.round(f.flopsPerEpoch.amount / 1e6)} | ${f.gflopsPerSec['next-purchase']}/${f.gflopsPerSec.amount} |`,
  );
  return [head, ...lines].join('\n');
}
