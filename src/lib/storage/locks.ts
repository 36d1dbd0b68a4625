// Web Locks shared by every tab of this origin: a run being trained holds the lock named after its id
// until its last record is written, so another tab can tell a run in progress from one whose tab is gone.
// Where the browser (or Node) has no Web Locks, holding does nothing and `hasLocks()` says so.

const manager = (): LockManager | undefined => (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;

export const hasLocks = (): boolean => manager() !== undefined;

export const runLockName = (runId: string): string => `clv-prediction:run:${runId}`;

/** Resolves once the lock is held; call the returned function to let it go. */
export async function holdLock(name: string): Promise<() => void> {
  const locks = manager();
  if (!locks) return () => {};
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((acquired) => {
    void locks.request(name, () => {
      acquired();
      return held;
    });
  });
  return release;
}

/** Waits until nobody holds the lock, then runs `fn` holding it (at once, without Web Locks). */
export async function whenFree<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const locks = manager();
  return locks ? locks.request(name, fn) : fn();
}
