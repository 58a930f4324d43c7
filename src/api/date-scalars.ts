/**
 * `Date` and `DateTime`: calendar dates and instants as their own scalars rather than
 * String, so a schema reader and generated client types can tell them from free text
 * (GraphQL Code Generator maps each to a type of your choice, e.g. `scalars: { Date:
 * "string" }`). Both travel as ISO 8601 strings; neither turns into a JavaScript Date,
 * because a calendar date has no time zone and would shift by one when a client in UTC-5
 * read it as midnight UTC.
 *
 * Input: any string is passed on and the service checks it (domain/guards.ts), so a bad
 * date is BAD_USER_INPUT naming its field, like every other invalid value (and "not in the
 * future" is decided in one place). A non-string is refused by the scalar.
 */
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const DateScalar = new GraphQLScalarType({
  name: "Date",
  description: 'Calendar date, ISO 8601 "YYYY-MM-DD" (no time, no time zone), e.g. "2026-11-02".',
  specifiedByURL: "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
  serialize(value) {
    if (typeof value === "string" && CALENDAR_DATE.test(value)) return value;
    throw new GraphQLError("Date must be serialised from a YYYY-MM-DD string");
  },
  parseValue: parseString("Date"),
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return ast.value;
    throw new GraphQLError('Date must be a string "YYYY-MM-DD"');
  },
});

export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: 'Instant, ISO 8601 in UTC with milliseconds, e.g. "2026-11-02T09:30:00.000Z". Output only.',
  specifiedByURL: "https://www.rfc-editor.org/rfc/rfc3339#section-5.6",
  serialize(value) {
    const instant = typeof value === "string" || typeof value === "number" || value instanceof Date ? new Date(value) : null;
    if (instant && !Number.isNaN(instant.getTime())) return instant.toISOString();
    throw new GraphQLError("DateTime must be serialised from an ISO string, a Date or epoch milliseconds");
  },
  parseValue: parseString("DateTime"),
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING) return ast.value;
    throw new GraphQLError("DateTime must be an ISO 8601 string");
  },
});

function parseString(name: string) {
  return (value: unknown) => {
    if (typeof value === "string") return value;
    throw new GraphQLError(`${name} must be an ISO 8601 string`);
  };
}
