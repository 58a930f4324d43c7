/**
 * An async queue that turns pushed graph chunks into the AsyncIterable buildProjection
 * consumes, so the projection is built while the chunks still arrive (from the main
 * thread's store read) instead of after all of them are held in memory.
 *
 * `push` resolves once the consumer has taken the chunk: the sender uses it as flow
 * control (a bounded window of chunks in flight). `fail` ends the iteration with an
 * error and rejects every waiting push, so a failed build never leaves a sender hanging.
 */
import type { GraphChunk } from "../../domain/graph.js";

interface Pending {
  chunk: GraphChunk;
  taken: () => void;
  rejected: (error: unknown) => void;
}

export class ChunkQueue implements AsyncIterable<GraphChunk> {
  private readonly pending: Pending[] = [];
  private wake: (() => void) | null = null;
  private closed = false;
  private failure: { error: unknown } | null = null;

  push(chunk: GraphChunk): Promise<void> {
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.closed) return Promise.reject(new Error("analytics/engine/chunk-queue: push after close"));
    return new Promise((taken, rejected) => {
      this.pending.push({ chunk, taken, rejected });
      this.notify();
    });
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.failure ??= { error };
    for (const pending of this.pending.splice(0)) pending.rejected(error);
    this.notify();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<GraphChunk> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      const next = this.pending.shift();
      if (next) {
        next.taken();
        yield next.chunk;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
