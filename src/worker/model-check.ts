// Whether this version of the app can use a saved model at all, whatever the data: its format and
// feature schema (the data-dependent checks of checkFits are passed trivially). A model written by an
// older version is refused with the reason, so that the page can offer to train again instead.
import type { Dataset } from '../lib/data/dataset';
import type { StoredModel } from '../lib/pipeline/records';
import { checkFits, ModelMismatchError } from '../lib/pipeline/saved';

export function modelRefusal(model: StoredModel | undefined): string | null {
  if (!model) return 'The saved model of this run is no longer in this browser’s storage.';
  const { saved } = model;
  try {
    checkFits(saved, { hasAmount: saved.hasAmount } as Dataset, saved.trainedCutoffDay);
    return null;
  } catch (e) {
    if (e instanceof ModelMismatchError) return e.message;
    return `The saved model cannot be read by this version of the app (${(e as Error).message}). Train a new model instead.`;
  }
}
