/**
 * The store's graph version, read once for many concurrent batches ("single flight").
 * Every DataLoader batch of a GraphReader checks the version before using the shared
 * read caches (versioned-read-cache.ts); on Neo4j that check is a Bolt round trip
 * costing the API about as much CPU as a cached page, and under load dozens of batches
 * ask at the same moment.
 *
 * A batch may use a read — in flight or already answered — only if that read was issued
 * after its request arrived (`notBefore`) and after this process's last completed graph
 * write. Such a read saw every write the client could have seen acknowledged before
 * asking (its own earlier requests, and this request's own mutation), so sharing it never
 * serves a version older than reading afresh would. Writes made by other processes while
 * the read is in flight may be missed, exactly as by a fresh read issued at that moment.
 *
 * A batch that may not use the read in flight does not start another one beside it: it
 * waits for that read to settle and then shares the one next read with every batch that
 * queued meanwhile. So at most one version read is in flight and the number of reads per
 * second is bounded by the round trip, not by the request rate; the price is at most one
 * extra round trip of waiting. Since everyone may wait on that one read, it is given a
 * client-side time limit (time-limit.ts).
 */
import { SHARED_READ_TIMEOUT_MS, withinTime } from "./time-limit.js";

interface VersionRead {
  issuedAt: number;
  writes: number;
  version: Promise<number>;
  settled: boolean;
}

export class VersionProbe {
  private latest: VersionRead | null = null;
  /** The read queued behind `latest` while it is in flight, shared by all who queued. */
  private queued: Promise<number> | null = null;
  private writes = 0;

  constructor(
    private readonly readVersion: () => Promise<number>,
    private readonly timeoutMs = SHARED_READ_TIMEOUT_MS,
  ) {}

  /** A graph write of this process has completed: reads issued before it are not used any more. */
  noteWrite(): void {
    this.writes++;
  }

  /** The graph version, read no earlier than `notBefore` (performance.now() time). */
  read(notBefore: number): Promise<number> {
    const latest = this.latest;
    if (latest && latest.issuedAt >= notBefore && latest.writes === this.writes) return latest.version;
    if (!latest || latest.settled) return this.issue().version;
    this.queued ??= latest.version
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        return this.issue().version;
      });
    return this.queued;
  }

  private issue(): VersionRead {
    const read: VersionRead = { issuedAt: performance.now(), writes: this.writes, version: withinTime(this.readVersion(), this.timeoutMs, "reading the graph version"), settled: false };
    this.latest = read;
    read.version.then(
      () => {
        read.settled = true;
      },
      () => {
        read.settled = true;
        // A failed read answers only those who already asked for it; later callers try again.
        if (this.latest === read) this.latest = null;
      },
    );
    return read;
  }
}
