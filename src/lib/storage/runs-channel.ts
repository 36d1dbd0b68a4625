// Tells the other tabs of this origin that the saved runs changed (a run started, finished, was
// renamed, deleted or marked interrupted), so that they reload their list. A BroadcastChannel does not
// deliver to itself: a tab never hears its own messages. Without BroadcastChannel, nothing is sent.

const CHANNEL = 'clv-prediction:runs';

export interface RunsChannel {
  /** Tells the other tabs. */
  announce(): void;
  close(): void;
}

export function openRunsChannel(onChange: () => void): RunsChannel {
  if (typeof BroadcastChannel === 'undefined') return { announce() {}, close() {} };
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = () => onChange();
  return {
    announce: () => channel.postMessage({ type: 'runs-changed' }),
    close: () => channel.close(),
  };
}
