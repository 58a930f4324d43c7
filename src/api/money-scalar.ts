/**
 * `Money`: a decimal amount as a string with two decimals ("1250.00"). Stored as
 * integer cents so sums never drift. On input it accepts a decimal string or a
 * number; the services parse it (domain/money.ts: format, sign, at most 2 decimals, at
 * most MAX_CENTS) so a bad amount is reported as BAD_USER_INPUT naming the field, like
 * every other invalid value.
 *
 * On output it answers only amounts it can state exactly: integer cents within
 * ±(2^53 - 1) (Number.MAX_SAFE_INTEGER). One account's amounts stay far below that
 * (MAX_CENTS is 10^14), but totals over many accounts (reach, tiers, revenue at risk) or
 * products (licences x price) can pass it, and a float past 2^53 no longer holds every
 * cent: printing it would answer a wrong amount that looks exact. Such a field is an
 * error with code MONEY_OUT_OF_RANGE instead (the rest of the response still answers),
 * as GraphQL's Int refuses values past 32 bits.
 */
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { formatMoney } from "../domain/money.js";

export const MoneyScalar = new GraphQLScalarType({
  name: "Money",
  description: 'Decimal amount with two decimals, e.g. "1250.00". Input: a decimal string or number.',
  serialize(value) {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      throw new GraphQLError("Money must be serialised from integer cents");
    }
    if (!Number.isSafeInteger(value)) {
      throw new GraphQLError("the amount is too large to answer exactly (over 2^53 cents)", { extensions: { code: "MONEY_OUT_OF_RANGE" } });
    }
    return formatMoney(value);
  },
  parseValue(value) {
    if (typeof value === "string" || typeof value === "number") return value;
    throw new GraphQLError("Money must be a decimal string or a number");
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value;
    throw new GraphQLError("Money must be a decimal string or a number");
  },
});
