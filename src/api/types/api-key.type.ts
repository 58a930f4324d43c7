import { Field, ID, ObjectType } from "type-graphql";
import type { Role } from "../../domain/roles.js";
import { RoleEnum } from "../graphql-enums.js";
import { DateTimeScalar } from "../date-scalars.js";

@ObjectType("ApiKey", {
  description: "An API key managed at runtime (ADMIN only). The secret is never stored: only its SHA-256, of which `prefix` shows the start.",
})
export class ApiKeyType {
  @Field(() => ID, { description: "Stored id (`key_…`); revokeApiKey takes it." }) id!: string;
  @Field(() => String, { description: "Who or what holds the key." }) name!: string;
  @Field(() => RoleEnum, { description: "What the key may do." }) role!: Role;
  @Field(() => ID, { nullable: true, description: "The manager a MANAGER key acts as." }) managerId!: string | null;
  @Field(() => String, { description: "First 12 hex digits of the key's SHA-256: tells keys apart, reveals nothing." })
  prefix!: string;
  @Field(() => DateTimeScalar, { description: "When the key was created." }) createdAt!: string;
  @Field(() => String, { description: "Who created it: `apikey:<id or hash prefix>`, `jwt:<sub>`, `cli:<user>`, `local-development`." })
  createdBy!: string;
  @Field(() => DateTimeScalar, { nullable: true, description: "When it was revoked; null while it is active." }) revokedAt!: string | null;
}

@ObjectType("CreatedApiKey", { description: "A new API key: its secret, shown once, and its stored description." })
export class CreatedApiKeyType {
  @Field(() => String, {
    description: "The secret, shown this once and stored nowhere: send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
  })
  key!: string;
  @Field(() => ApiKeyType, { description: "The key as stored (no secret)." }) apiKey!: ApiKeyType;
}
