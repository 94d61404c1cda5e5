import { condition, setHandler, type SignalDefinition } from '@temporalio/workflow';

/**
 * How a workflow that keeps a record's timers (a step, a meeting) waits: for its next timer, or
 * for the signal that the record changed, whichever comes first. The database holds the record;
 * the api changes it and signals, and the workflow re-reads it when woken (docs/architecture.md,
 * "Records with timers"). Call it before the workflow's first await: a signal may come at once.
 */
export function recordChanges(signal: SignalDefinition<[]>) {
  let changed = false;
  setHandler(signal, () => {
    changed = true;
  });
  return {
    /** A change has been signalled and not yet taken. */
    get pending(): boolean {
      return changed;
    },
    /** Whether a change has been signalled since the last take; clears it: the caller re-reads the record now. */
    take(): boolean {
      const was = changed;
      changed = false;
      return was;
    },
    /**
     * Waits until a change is signalled or `at` passes (without `at`, until a change). True if a
     * change came first; a time already past returns false at once.
     */
    async changedBefore(at: Date | undefined): Promise<boolean> {
      if (at === undefined) {
        await condition(() => changed);
        return true;
      }
      const wait = at.getTime() - Date.now();
      return wait > 0 ? condition(() => changed, wait) : false;
    },
  };
}
