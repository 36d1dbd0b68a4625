// Words the page uses for the pipeline's stages and models.
import type { RunStage } from '../lib/pipeline/run';
import { AMOUNT_MODEL_ID } from '../lib/models/amount/meta';
import { NEWCOMERS_MODEL_ID } from '../lib/models/newcomers/meta';
import { NEXT_PURCHASE_MODEL_ID } from '../lib/models/next-purchase/meta';
import type { BacktestModel } from '../lib/pipeline/backtest';
import type { Stage } from '../lib/pipeline/train';

export const MODEL_LABELS = {
  features: 'Features',
  'next-purchase': 'Next purchase (LSTM)',
  classic: 'BG/NBD, Pareto/NBD and the blend',
  amount: 'Amount (Conv1D-LSTM)',
  arrivals: 'Newcomer arrivals (LSTM)',
  predict: 'Prediction',
} as const;

/** The backtest's models, as the Trust view names them. */
export const BACKTEST_MODEL_LABELS: Record<BacktestModel, string> = { clv: 'deep model', clvAttributes: 'deep model with attributes', clvNoAttributes: 'deep model without attributes', lstm: 'LSTM alone', bgnbd: 'BG/NBD', paretoNbd: 'Pareto/NBD', naive: 'naive rate' };

export const STAGE_LABELS: Record<RunStage, string> = {
  ...MODEL_LABELS,
  'load-model': 'Loading the saved model',
  backtest: 'Backtest (training again on earlier data)',
  save: 'Saving',
};


/** The training stage of each model id (a run's training reports name models by id). */
export const STAGE_OF_MODEL: Record<string, Stage> = {
  [NEXT_PURCHASE_MODEL_ID]: 'next-purchase',
  [AMOUNT_MODEL_ID]: 'amount',
  [NEWCOMERS_MODEL_ID]: 'arrivals',
};
