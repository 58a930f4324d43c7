/**
 * Lets the strategy population read the store's activity counts at a moment when none of
 * this process's own engagement / purchase writes is half done.
 *
 * Why: the population adds its own process's activity in memory when the counts grew by
 * exactly the writes it was told about (strategy-population.ts). A write that has
 * committed but not yet reported back is in the counts and not in the notes; under a
 * steady trickle of writes one is nearly always in flight, the equality nearly always
 * failed, and every refresh read all activity of every account again (seconds of work
 * on Neo4j, stalling every request). With the gate, a counts read first lets the writes
 * in flight finish (new ones wait, for one short read), so the counts and the notes
 * describe the same moment; a foreign writer still shows as a surplus.
 */
export class ActivityGate {
  private writing = 0;
  private drained: (() => void) | null = null;
  /** Set while a quiet read holds the gate; writes arriving meanwhile wait for it. */
  private closed: Promise<void> | null = null;

  /** Runs one activity write (its report to the cache included), waiting while a quiet read holds the gate. */
  async write<T>(work: () => Promise<T>): Promise<T> {
    while (this.closed) await this.closed;
    this.writing++;
    try {
      return await work();
    } finally {
      this.writing--;
      if (this.writing === 0) this.drained?.();
    }
  }

  /**
   * Runs `read` once no write is in flight: writes in flight may finish (for at most
   * `drainMs`), new ones wait until `read` is done. Null when the writes in flight did not
   * finish in time; `read` then did not run. The caller makes quiet reads one at a time.
   */
  async quiet<T>(read: () => Promise<T>, drainMs: number): Promise<T | null> {
    let open!: () => void;
    this.closed = new Promise<void>((resolve) => {
      open = resolve;
    });
    try {
      if (this.writing > 0 && !(await this.drain(drainMs))) return null;
      return await read();
    } finally {
      this.closed = null;
      open();
    }
  }

  private drain(timeoutMs: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.drained = null;
        resolve(false);
      }, timeoutMs);
      this.drained = () => {
        clearTimeout(timer);
        this.drained = null;
        resolve(true);
      };
    });
  }
}
