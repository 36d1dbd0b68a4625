// The models of a run that do not depend on the next-purchase network: the amount network (with its
// choice against Gamma-Gamma) and the newcomers' arrivals. Given a SideTrainer (the browser's worker
// starts a second worker: the machine has a core for it), they train there while the next-purchase
// network and its blend train here; as plain data (SideModelsData) they cross between the workers.
// Without one they train here, after the next-purchase network. Same seeds, same results either way.
import { dailyArrivals } from '../features/arrivals';
import { truncateHistories, type Histories } from '../features/histories';
import { fromArtifacts, toArtifacts, type ModelArtifacts } from '../models/artifacts';
import type { AmountOptions } from '../models/amount/meta';
import { trainAmount, type AmountModel } from '../models/amount/model';
import { trainArrivals, type ArrivalsModel } from '../models/newcomers/arrivals';
import type { NewcomerOptions } from '../models/newcomers/meta';
import type { EpochReport, FitResult } from '../models/training';
import { chooseAmountModel, type AmountChoice } from './amount-choice';

export interface SideJob {
  histories: Histories;
  /** Past purchases the amount network reads (the order count less one). */
  window: number;
  validationDays: number;
  amount: AmountOptions;
  newcomers: NewcomerOptions;
}

export interface SideModels {
  amount: AmountModel | null;
  amountChoice: AmountChoice | null;
  arrivals: ArrivalsModel | null;
  /** Why the amount network was left out, if it was. */
  notes: string[];
}

export type SideStage = 'amount' | 'arrivals';

export interface SideCallbacks {
  signal?: AbortSignal;
  onProgress?: (stage: SideStage, epoch?: EpochReport) => void;
}

/** Trains the side models somewhere else (another worker). It rejects with an AbortError when cancelled. */
export type SideTrainer = (job: SideJob, callbacks: SideCallbacks) => Promise<SideModels>;

export async function trainSideModels(job: SideJob, { signal, onProgress }: SideCallbacks = {}): Promise<SideModels> {
  const h = job.histories;
  const notes: string[] = [];
  let amount: AmountModel | null = null;
  let amountChoice: AmountChoice | null = null;
  try {
    if (h.hasAmount) {
      onProgress?.('amount');
      try {
        amount = await trainAmount(h, job.window, job.validationDays, job.amount, { signal, onEpoch: (e) => onProgress?.('amount', e) });
      } catch (e) {
        if (!(e instanceof RangeError)) throw e;
        notes.push(`${e.message} Gamma-Gamma's amount per purchase is used instead, or each customer's mean amount where Gamma-Gamma cannot be scored.`);
      }
      amountChoice = chooseAmountModel(amount, truncateHistories(h, h.cutoffDay - job.validationDays), h);
    }
    onProgress?.('arrivals');
    const arrivals = await trainArrivals(dailyArrivals(h), job.newcomers, { signal, onEpoch: (e) => onProgress?.('arrivals', e) });
    if (arrivals?.season) notes.push('Newcomers arrive with a yearly season, learned from the year before: their forecast follows it.');
    return { amount, amountChoice, arrivals, notes };
  } catch (e) {
    amount?.network.dispose();
    throw e;
  }
}

export function disposeSideModels(m: SideModels): void {
  m.amount?.network.dispose();
  m.arrivals?.network.dispose();
}

type Plain<M> = Omit<M, 'network'> & { artifacts: ModelArtifacts };

/** SideModels as structured-cloneable data: the networks as artifacts, the rest as it is. */
export interface SideModelsData {
  amount: Plain<AmountModel> | null;
  amountChoice: AmountChoice | null;
  arrivals: Plain<ArrivalsModel> | null;
  notes: string[];
}

async function plain<M extends { network: Parameters<typeof toArtifacts>[0]; fit: FitResult | null }>(m: M | null): Promise<Plain<M> | null> {
  if (!m) return null;
  const { network, ...rest } = m;
  return { ...rest, artifacts: await toArtifacts(network) };
}

async function restored<M>(m: Plain<M> | null): Promise<M | null> {
  if (!m) return null;
  const { artifacts, ...rest } = m;
  return { ...rest, network: await fromArtifacts(artifacts) } as M;
}

export async function sideModelsToData(m: SideModels): Promise<SideModelsData> {
  return { amount: await plain(m.amount), amountChoice: m.amountChoice, arrivals: await plain(m.arrivals), notes: m.notes };
}

export async function sideModelsFromData(d: SideModelsData): Promise<SideModels> {
  const amount = await restored<AmountModel>(d.amount);
  try {
    return { amount, amountChoice: d.amountChoice, arrivals: await restored<ArrivalsModel>(d.arrivals), notes: d.notes };
  } catch (e) {
    amount?.network.dispose();
    throw e;
  }
}
