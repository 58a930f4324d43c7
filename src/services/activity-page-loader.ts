/**
 * Batches the paged activity reads of one request (`engagementsConnection` / `purchasesConnection`
 * on a page of accounts) into one store call per distinct page shape: a DataLoader keyed by
 * account and shape, whose batch groups its keys by shape (window, first, after) and asks the
 * store for each group's accounts at once (ports/record-edits.ts ActivityPageQuery). A page of
 * 100 accounts asking for their five newest engagements is one store query, not 100.
 * Create one per request (GraphReader): its cache must not outlive the request.
 */
import DataLoader from "dataloader";
import type { ActivityPage, ActivityPageQuery, ActivityPosition, DateWindow } from "../ports/account-graph-store.js";

/** The shape of one account's page: everything in the query but the account. */
export interface ActivityPageShape {
  window?: DateWindow;
  first: number;
  after?: ActivityPosition;
}

interface Key {
  accountId: string;
  shape: ActivityPageShape;
}

const shapeKey = (shape: ActivityPageShape) =>
  JSON.stringify([shape.window?.from ?? null, shape.window?.to ?? null, shape.first, shape.after ?? null]);

export class ActivityPageLoader<T> {
  private readonly loader: DataLoader<Key, ActivityPage<T>, string>;

  constructor(read: (query: ActivityPageQuery) => Promise<ActivityPage<T>[]>) {
    this.loader = new DataLoader<Key, ActivityPage<T>, string>(
      async (keys) => {
        const groups = new Map<string, { shape: ActivityPageShape; at: number[] }>();
        keys.forEach((key, i) => {
          const name = shapeKey(key.shape);
          const group = groups.get(name);
          if (group) group.at.push(i);
          else groups.set(name, { shape: key.shape, at: [i] });
        });
        const pages = new Array<ActivityPage<T>>(keys.length);
        await Promise.all(
          [...groups.values()].map(async ({ shape, at }) => {
            const answered = await read({ ...shape, accountIds: at.map((i) => keys[i]!.accountId) });
            at.forEach((i, j) => (pages[i] = answered[j]!));
          }),
        );
        return pages;
      },
      { cacheKeyFn: (key) => `${key.accountId}\u0000${shapeKey(key.shape)}` },
    );
  }

  load(accountId: string, shape: ActivityPageShape): Promise<ActivityPage<T>> {
    return this.loader.load({ accountId, shape });
  }
}
