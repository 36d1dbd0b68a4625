// Asks the worker, once per saved model, whether this version of the app can still use the model of a
// finished run (one written by an older version is refused, with the reason).
import type { RunRecord } from '../../lib/pipeline/records';
import { workerClient } from './worker';

export class ModelChecks {
  private readonly asked = new Set<string>();

  /** The models of `runs` not asked about before that this version refuses, by model id, with the reason. */
  async refused(runs: RunRecord[]): Promise<Record<string, string>> {
    const ids = [...new Set(runs.filter((r) => r.kind === 'train' && r.status === 'done' && r.modelId).map((r) => r.modelId!))].filter((id) => !this.asked.has(id));
    if (ids.length === 0) return {};
    ids.forEach((id) => this.asked.add(id));
    try {
      const reasons = await workerClient.run('check-models', { modelIds: ids });
      return Object.fromEntries(Object.entries(reasons).filter((e): e is [string, string] => e[1] !== null));
    } catch {
      // The worker was restarted: ask again next time.
      ids.forEach((id) => this.asked.delete(id));
      return {};
    }
  }
}
