// Saved models on disk for the command line: one JSON file, weights as base64.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelArtifacts } from '../lib/models/artifacts';
import type { SavedModels } from '../lib/pipeline/saved';

const FILE = 'clv-models.json';

const toBase64 = (data: ModelArtifacts['weightData']) => (data instanceof ArrayBuffer ? Buffer.from(data).toString('base64') : undefined);
const fromBase64 = (text: string | undefined) => {
  if (!text) return undefined;
  const b = Buffer.from(text, 'base64');
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
};

function mapArtifacts(saved: SavedModels, f: (a: ModelArtifacts) => ModelArtifacts): SavedModels {
  return {
    ...saved,
    nextPurchase: { ...saved.nextPurchase, artifacts: f(saved.nextPurchase.artifacts) },
    amount: saved.amount && { ...saved.amount, artifacts: f(saved.amount.artifacts) },
    arrivals: saved.arrivals && { ...saved.arrivals, artifacts: f(saved.arrivals.artifacts) },
  };
}

export function writeModels(dir: string, saved: SavedModels): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, FILE);
  writeFileSync(path, JSON.stringify(mapArtifacts(saved, (a) => ({ ...a, weightData: toBase64(a.weightData) as never }))));
  return path;
}

export function readModels(dir: string): SavedModels {
  const path = join(dir, FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`No saved model in ${dir} (expected ${FILE}); run with --job train or train_predict first.`);
  }
  const saved = JSON.parse(text) as SavedModels;
  return mapArtifacts(saved, (a) => ({ ...a, weightData: fromBase64(a.weightData as unknown as string) }));
}
