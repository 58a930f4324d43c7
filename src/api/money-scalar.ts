/**
 * `Money`: a decimal amount as a string with two decimals ("1250.00"). Stored as
 * integer cents so sums never drift. On input it accepts a decimal string or a
 * number; the services parse it (domain/money.ts) so a bad amount is reported as
 * BAD_USER_INPUT naming the field, like every other invalid value.
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
