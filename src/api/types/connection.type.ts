/**
 * Relay-style connections (https://relay.dev/graphql/connections.htm). Cursors are
 * opaque keyset positions (api/cursor.ts), never offsets, so a page stays correct
 * when rows are inserted before it.
 */
import { Field, Int, ObjectType } from "type-graphql";
import { AccountType } from "./account.type.js";

@ObjectType({ description: "Where a page stands in its list (Relay's PageInfo)." })
export class PageInfo {
  @Field(() => Boolean, { description: "More items follow: ask again with `after: endCursor`." }) hasNextPage!: boolean;
  @Field(() => Boolean, { description: "Forward pagination only: true when `after` was given." })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true, description: "Cursor of the first item of the page; null for an empty page." }) startCursor!: string | null;
  @Field(() => String, { nullable: true, description: "Cursor of the last item; pass it as `after` for the next page." }) endCursor!: string | null;
}

@ObjectType({ description: "One account of a page, with its cursor." })
export class AccountEdge {
  @Field(() => String, { description: "Opaque position of this account; `after` takes it." }) cursor!: string;
  @Field(() => AccountType, { description: "The account." }) node!: AccountType;
}

@ObjectType({ description: "A page of accounts (Relay connection)." })
export class AccountConnection {
  @Field(() => [AccountEdge], { description: "The accounts of this page, in order." }) edges!: AccountEdge[];
  @Field(() => PageInfo, { description: "Whether more pages follow, and the cursors." }) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Matching accounts in total, ignoring pagination." }) totalCount!: number;
}
