/**
 * The store's graph version, read once for many concurrent batches ("single flight").
 * Every DataLoader batch of a GraphReader checks the version before using the shared
 * read caches (versioned-read-cache.ts); on Neo4j that check is a Bolt round trip, and
 * under load dozens of batches ask at the same moment.
 *
 * A batch may join a read already in flight only if that read was issued after its
 * request arrived (`notBefore`) and after this process's last completed graph write.
 * Either way the read saw every write the client could have seen acknowledged before
 * asking — its own earlier requests, and this request's own mutation — so joining never
 * serves a version older than reading afresh would guarantee. Writes made by other
 * processes while the read is in flight may be missed, exactly as by a fresh read
 * issued at that same moment.
 */
export class VersionProbe {
  private inflight: { issuedAt: number; writes: number; version: Promise<number> } | null = null;
  private writes = 0;

  constructor(private readonly readVersion: () => Promise<number>) {}

  /** A graph write of this process has completed: reads issued before it are not joined any more. */
  noteWrite(): void {
    this.writes++;
  }

  /** The graph version, read no earlier than `notBefore` (performance.now() time). */
  read(notBefore: number): Promise<number> {
    const current = this.inflight;
    if (current && current.issuedAt >= notBefore && current.writes === this.writes) return current.version;
    const entry = { issuedAt: performance.now(), writes: this.writes, version: this.readVersion() };
    this.inflight = entry;
    const done = () => {
      if (this.inflight === entry) this.inflight = null;
    };
    entry.version.then(done, done);
    return entry.version;
  }
}
