// Event sequences for the next-purchase model: one sequence per customer (its last MAX_EVENTS
// purchases), per-event features, and per-event targets: the gap to the next purchase, or the time
// from the last purchase to the cut-off (a censored gap). The window for a target ends at the event
// before it, strictly: an LSTM step sees only events up to its own.
import { civilFromDay, weekday } from '../data/calendar';
import type { StaticInputs } from './attribute-inputs';
import type { Histories } from './histories';
import { fitLogScaler, scaleLog, type LogScaler } from './scaler';

export const MAX_EVENTS = 32;
export const EVENT_FEATURES = 9;
/** Per step: gap in days, 1 if the gap ended in a purchase (0 = censored at the cut-off), loss mask. */
export const EVENT_TARGETS = 3;

export interface EventState {
  day: number;
  gapDays: number;
  index: number;
  meanGapDays: number;
}

/** Weekday and day-of-month features of a day, kept per day: the forecast writes them for every path at every step. */
const calendarFeatures = new Map<number, Float32Array>();

function calendarOf(day: number): Float32Array {
  let f = calendarFeatures.get(day);
  if (!f) {
    const [wd, dom] = [weekday(day), civilFromDay(day).day];
    const angles = [(2 * Math.PI * wd) / 7, (2 * Math.PI * (dom - 1)) / 31];
    f = Float32Array.of(Math.sin(angles[0]), Math.cos(angles[0]), Math.sin(angles[1]), Math.cos(angles[1]));
    if (calendarFeatures.size > 100_000) calendarFeatures.clear();
    calendarFeatures.set(day, f);
  }
  return f;
}

/** Writes the features of one purchase event at `out[offset...]`. */
export function writeEventFeatures(out: Float32Array, offset: number, e: EventState, gaps: EventScaler): void {
  const first = e.index === 0;
  out[offset] = 1;
  out[offset + 1] = first ? 0 : scaleLog(gaps, e.gapDays);
  out[offset + 2] = first ? 1 : 0;
  out.set(calendarOf(e.day), offset + 3);
  // Purchases a forecast feeds back do not take the count past the largest one training saw.
  out[offset + 7] = Math.log1p(Math.min(e.index, gaps.maxIndex ?? Infinity)) / Math.log1p(MAX_EVENTS);
  // With the count, the mean gap also gives the time since the first purchase. That time itself is no
  // feature: it grows without bound while predicted purchases are fed back, beyond anything training
  // saw, and the network read it as "buyers slow down" (the backtest under-predicted heavy buyers).
  out[offset + 8] = first ? 0 : scaleLog(gaps, e.meanGapDays);
}

/** The event state after a purchase on `day`, following `previous` (null for a first purchase). */
export function nextEvent(previous: EventState | null, day: number): EventState {
  if (!previous) return { day, gapDays: 0, index: 0, meanGapDays: 0 };
  const gapDays = day - previous.day;
  const index = previous.index + 1;
  return { day, gapDays, index, meanGapDays: (previous.meanGapDays * (index - 1) + gapDays) / index };
}

export interface EventSequences {
  count: number;
  /** Inputs per event: EVENT_FEATURES, then the customer's static inputs (attributes) if any. */
  width: number;
  /**
   * [events, width]: the events of sequence i are rows offsets[i] .. offsets[i + 1] - 1. Stored
   * without padding (padded to MAX_EVENTS, 305,602 customers took 470 MB); batches pad to their own
   * longest sequence.
   */
  x: Float32Array;
  /** [events, EVENT_TARGETS], rows as in x. */
  y: Float32Array;
  offsets: Int32Array;
  /** Events per sequence (<= MAX_EVENTS). */
  lengths: Int32Array;
  /** Last event state of each sequence, where prediction continues. */
  last: EventState[];
}

/** Inputs per event with these static inputs. */
export const eventWidth = (statics: StaticInputs | null | undefined) => EVENT_FEATURES + (statics?.width ?? 0);

/** Writes customer c's static inputs after the event features of the event at `offset` (nothing without). */
export function writeStatics(out: Float32Array, offset: number, statics: StaticInputs | null | undefined, c: number): void {
  if (!statics) return;
  const w = statics.width;
  for (let j = 0, s = c * w; j < w; j++) out[offset + EVENT_FEATURES + j] = statics.values[s + j];
}

/**
 * Sequences of every customer. `scoreAfterDay`: only targets that end after this day count in the
 * loss (a validation set split by time); by default every target counts. `statics`: each customer's
 * static inputs (row c for h's customer c), repeated at every event.
 */
export function buildEventSequences(h: Histories, gaps: EventScaler, scoreAfterDay = -Infinity, statics: StaticInputs | null = null): EventSequences {
  const count = h.ids.length;
  const width = eventWidth(statics);
  if (statics && statics.values.length !== count * statics.width) throw new RangeError(`Static inputs for ${statics.values.length / statics.width} customers, the histories have ${count}.`);
  const offsets = new Int32Array(count + 1);
  for (let c = 0; c < count; c++) offsets[c + 1] = offsets[c] + Math.min(MAX_EVENTS, h.start[c + 1] - h.start[c]);
  const x = new Float32Array(offsets[count] * width);
  const y = new Float32Array(offsets[count] * EVENT_TARGETS);
  const lengths = new Int32Array(count);
  const last: EventState[] = [];
  for (let c = 0; c < count; c++) {
    const [s, e] = [h.start[c], h.start[c + 1]];
    // Only the last MAX_EVENTS events are kept, but each one's gap and running mean see the full history.
    const first = Math.max(s, e - MAX_EVENTS);
    let state: EventState | null = null;
    const events: EventState[] = [];
    for (let i = s; i < e; i++) {
      state = nextEvent(state, h.day[i]);
      if (i >= first) events.push(state);
    }
    events.forEach((ev, k) => {
      writeEventFeatures(x, (offsets[c] + k) * width, ev, gaps);
      writeStatics(x, (offsets[c] + k) * width, statics, c);
      const t = (offsets[c] + k) * EVENT_TARGETS;
      const isLast = k === events.length - 1;
      const endDay = isLast ? h.cutoffDay : events[k + 1].day;
      y[t] = endDay - ev.day;
      y[t + 1] = isLast ? 0 : 1;
      y[t + 2] = endDay > scoreAfterDay ? 1 : 0;
    });
    lengths[c] = events.length;
    last.push(events[events.length - 1]);
  }
  return { count, width, x, y, offsets, lengths, last };
}

/**
 * The scale of the event features: the gaps' log scale, fitted on `scaleOn`, and the bounds of the
 * inputs, from `boundsOf` (the histories the network trains on last, which hold those it trained on
 * before): the longest completed gap (scaler.ts) and the largest purchase count.
 */
export interface EventScaler extends LogScaler {
  /** The largest event index (purchases before the event) fitted; absent: no bound. */
  maxIndex?: number;
}

export function fitEventScaler(scaleOn: Histories, boundsOf: Histories = scaleOn): EventScaler {
  const { start, day } = boundsOf;
  let [max, maxIndex] = [0, 0];
  for (let c = 0; c + 1 < start.length; c++) {
    maxIndex = Math.max(maxIndex, start[c + 1] - start[c] - 1);
    for (let i = start[c] + 1; i < start[c + 1]; i++) max = Math.max(max, day[i] - day[i - 1]);
  }
  return { ...fitLogScaler(completedGaps(scaleOn)), max, maxIndex };
}

/** Completed gaps (days) in the histories, for fitting the gap scaler. */
export function completedGaps(h: Histories): Float64Array {
  const out: number[] = [];
  for (let c = 0; c + 1 < h.start.length; c++) for (let i = h.start[c] + 1; i < h.start[c + 1]; i++) out.push(h.day[i] - h.day[i - 1]);
  return Float64Array.from(out);
}
