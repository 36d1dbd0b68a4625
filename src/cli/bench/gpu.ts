// GPU benchmark: the models trained with each backend forced, on the synthetic file of about 100,000
// customers (--quick: about 6,000), ms per epoch and GFLOP/s per model. In Node: WebGPU through Dawn's
// Node binding (runs on a bare machine with a GPU and no browser) next to WASM; then in Chromium, when
// it is installed: WebGPU, WebGL and WASM through the app, as the backends suite does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { historiesUpTo } from '../../lib/features/histories';
import { pipelineOptions } from '../../lib/pipeline/options';
import { autoOrderCount } from '../../lib/pipeline/order-count';
import { disposeModels } from '../../lib/pipeline/train';
import { useNodeBackend } from '../backend';
import { CHROMIUM } from '../chromium';
import { importFile } from '../import-file';
import { useNodeWebGpu } from '../webgpu-node';
import { benchBackends, type BackendFigures } from './backends';
import { trainingFlopsPerEpoch } from './flops';
import { generated } from './import';
import { gflopsPerModel, medianPerEpoch, timedTraining } from './train';

/** Rows of the synthetic file: the generator gives about 3.3 rows per customer. */
const ROWS = { full: 330_000, quick: 20_000 };
/** Epochs per model: the first (compilation, warm-up) is left out of the median. */
const EPOCHS = { full: 5, quick: 3 };

export async function benchGpu({ root, quick }: { root: string; quick: boolean }): Promise<BackendFigures[]> {
  const path = await generated(join(root, 'bench/tmp'), quick ? ROWS.quick : ROWS.full);
  const file = path.split('/').pop()!;
  const epochs = quick ? EPOCHS.quick : EPOCHS.full;
  const figures: BackendFigures[] = [];
  for (const backend of ['webgpu', 'wasm'] as const) {
    const failure = backend === 'webgpu' ? await useNodeWebGpu() : (await useNodeBackend('wasm')) === 'wasm' ? null : 'did not start';
    if (failure) {
      figures.push({ backend, used: 'none', reason: `Node: ${failure}`, msPerEpoch: {}, gflopsPerSec: {}, runMs: 0, file });
      continue;
    }
    const { dataset } = await importFile(path, {});
    const fixed = { epochs, patience: epochs };
    const options = pipelineOptions(dataset.summary.lastDay, 90, { nextPurchase: fixed, amount: fixed, newcomers: fixed });
    const { models, epochMs, trainMs } = await timedTraining(dataset, options);
    disposeModels(models);
    const msPerEpoch = medianPerEpoch(Object.fromEntries(Object.entries(epochMs).map(([k, v]) => [k, v.length > 1 ? v.slice(1) : v])));
    const flops = trainingFlopsPerEpoch(dataset, options, autoOrderCount(historiesUpTo(dataset, options.cutoffDay)) - 1);
    figures.push({ backend, used: tf.getBackend(), reason: `Node, ${epochs} epochs per model forced`, msPerEpoch, gflopsPerSec: gflopsPerModel(flops, msPerEpoch), runMs: Math.round(trainMs), file });
    process.stderr.write(`  Node ${backend}: ${JSON.stringify(msPerEpoch)} ms per epoch\n`);
  }
  if (!existsSync(CHROMIUM)) {
    figures.push({ backend: 'webgpu', used: 'none', reason: `Chromium: not installed at ${CHROMIUM}`, msPerEpoch: {}, gflopsPerSec: {}, runMs: 0, file });
    return figures;
  }
  // Chromium keeps a real GPU off in headless mode unless told: Vulkan on Linux, no blocklist.
  const flags = ['--enable-features=Vulkan', '--use-angle=vulkan', '--ignore-gpu-blocklist'];
  const browser = await benchBackends({ root, quick, file: path, backends: ['webgpu', 'webgl', 'wasm'], flags });
  return [...figures, ...browser.map((f) => ({ ...f, reason: `Chromium: ${f.reason}` }))];
}
