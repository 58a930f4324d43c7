/**
 * Relay-style connections (https://relay.dev/graphql/connections.htm). Cursors are
 * opaque keyset positions (api/cursor.ts), never offsets, so a page stays correct
 * when rows are inserted before it.
 */
import { Field, Int, ObjectType } from "type-graphql";
import { AccountType } from "./account.type.js";

@ObjectType()
export class PageInfo {
  @Field(() => Boolean) hasNextPage!: boolean;
  @Field(() => Boolean, { description: "Forward pagination only: true when `after` was given." })
  hasPreviousPage!: boolean;
  @Field(() => String, { nullable: true }) startCursor!: string | null;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class AccountEdge {
  @Field(() => String) cursor!: string;
  @Field(() => AccountType) node!: AccountType;
}

@ObjectType()
export class AccountConnection {
  @Field(() => [AccountEdge]) edges!: AccountEdge[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int, { description: "Matching accounts in total, ignoring pagination." }) totalCount!: number;
}
