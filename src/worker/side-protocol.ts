// Messages between the training worker and the second worker it starts for the side models.
import type { EpochReport } from '../lib/models/training';
import type { SideJob, SideModelsData, SideStage } from '../lib/pipeline/side-models';
import type { BackendName } from './backend-choice';

export interface SideRequest {
  job: SideJob;
  backend: BackendName;
}

export type SideReply =
  | { type: 'progress'; stage: SideStage; epoch?: EpochReport }
  | { type: 'result'; models: SideModelsData }
  | { type: 'error'; message: string };
