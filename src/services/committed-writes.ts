/**
 * The last step of every write use case: the store has committed the write and returned its
 * change (ports/change-feed.ts); the read model is brought to include it before the answer
 * is built, so the mutation's own fields (and the client's next read in this process) see it.
 */
import type { Committed } from "../ports/change-feed.js";
import type { ReadModel } from "./read-model/read-model.js";

export class CommittedWrites {
  constructor(private readonly model: ReadModel) {}

  async settle<T>(write: Promise<Committed<T>>): Promise<T> {
    const committed = await write;
    await this.model.settle(committed);
    return committed.value;
  }
}

/** A server's writes settle its read model; a one-shot script (no read model) just takes the result. */
export async function settleIfServing<T>(writes: CommittedWrites | null, write: Promise<Committed<T>>): Promise<T> {
  return writes ? writes.settle(write) : (await write).value;
}
