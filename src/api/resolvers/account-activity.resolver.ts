/**
 * An account's engagements and purchases a page at a time (`engagementsConnection`,
 * `purchasesConnection`): newest first (date desc, id desc), within an optional date window,
 * read from the store (full histories are not in the read model) through the request's
 * GraphReader, which batches the accounts of one page into one store query per list.
 */
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Account, Engagement, Purchase } from "../../domain/model.js";
import type { ActivityPage } from "../../ports/account-graph-store.js";
import { MAX_PAGE_SIZE } from "../../services/account-service.js";
import type { ActivityPageShape } from "../../services/activity-page-loader.js";
import type { RequestContext } from "../context.js";
import { decodeCursorPosition, requirePageSize, toConnection } from "../cursor.js";
import { DateRangeInput } from "../inputs/account-query.input.js";
import { AccountType } from "../types/account.type.js";
import { EngagementConnection, PurchaseConnection, type ConnectionObject } from "../types/list-connections.type.js";

/** Activity cursors carry (date, id) in newest-first order. */
const NEWEST_FIRST = "ACTIVITY:NEWEST_FIRST";

async function activityConnection<T extends { date: string; id: string }>(
  ctx: RequestContext,
  first: number,
  after: string | null | undefined,
  window: DateRangeInput | null | undefined,
  read: (shape: ActivityPageShape) => Promise<ActivityPage<T>>,
): Promise<ConnectionObject<T>> {
  const position = after ? decodeCursorPosition(NEWEST_FIRST, after) : undefined;
  const shape = await ctx.services.accountQueries.activityShape({
    first: requirePageSize(first, MAX_PAGE_SIZE),
    window: window ?? null,
    ...(position ? { after: position } : {}),
  });
  const page = await read(shape);
  const positions = page.items.map((item) => ({ value: item.date, id: item.id }));
  return toConnection(NEWEST_FIRST, { ...page, positions }, position) as ConnectionObject<T>;
}

const FIRST = { nullable: true, defaultValue: 20, description: `At most ${MAX_PAGE_SIZE}.` } as const;
const AFTER = { nullable: true, description: "The `endCursor` of the previous page." } as const;
const WINDOW = { nullable: true, description: "Only those dated in this range (inclusive bounds; `isNull` does not apply)." } as const;

@Resolver(() => AccountType)
export class AccountActivityResolver {
  @FieldResolver(() => EngagementConnection, { description: "Selling time spent on the account, newest first, a page at a time." })
  engagementsConnection(
    @Root() account: Account,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, FIRST) first: number,
    @Arg("after", () => String, AFTER) after?: string | null,
    @Arg("window", () => DateRangeInput, WINDOW) window?: DateRangeInput | null,
  ): Promise<ConnectionObject<Engagement>> {
    return activityConnection(ctx, first, after, window, (shape) => ctx.reader.engagementPage(account.id, shape));
  }

  @FieldResolver(() => PurchaseConnection, { description: "Purchases, newest first, a page at a time." })
  purchasesConnection(
    @Root() account: Account,
    @Ctx() ctx: RequestContext,
    @Arg("first", () => Int, FIRST) first: number,
    @Arg("after", () => String, AFTER) after?: string | null,
    @Arg("window", () => DateRangeInput, WINDOW) window?: DateRangeInput | null,
  ): Promise<ConnectionObject<Purchase>> {
    return activityConnection(ctx, first, after, window, (shape) => ctx.reader.purchasePage(account.id, shape));
  }
}
