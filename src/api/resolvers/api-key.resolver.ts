/**
 * API key management (ADMIN only: the services check the actor, and the field guard
 * refuses these fields to other roles first). Only delegates; the key's hash never
 * leaves as such, only its `prefix`.
 */
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { apiKeyFingerprint, type ApiKey } from "../../domain/api-keys.js";
import type { CreatedApiKey } from "../../services/api-key-service.js";
import type { RequestContext } from "../context.js";
import { forArgument } from "../error-mapping.js";
import { CreateApiKeyInput } from "../inputs/api-key.input.js";
import { ApiKeyType, CreatedApiKeyType } from "../types/api-key.type.js";

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Query(() => [ApiKeyType], { nullable: true, description: "Every API key managed at runtime, active and revoked, oldest first. ADMIN only." })
  apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKey[]> {
    return ctx.services.apiKeys.listApiKeys(ctx.actor);
  }

  @Mutation(() => CreatedApiKeyType, {
    nullable: true,
    description: "Creates an API key; the answer's `key` is the secret, shown this once. Accepted by every instance within seconds. ADMIN only.",
  })
  createApiKey(
    @Arg("input", () => CreateApiKeyInput, { description: "Name, role and (MANAGER) manager of the new key." }) input: CreateApiKeyInput,
    @Ctx() ctx: RequestContext,
  ): Promise<CreatedApiKey> {
    return forArgument("input", () => ctx.services.apiKeys.createApiKey(ctx.actor, input));
  }

  @Mutation(() => ApiKeyType, {
    nullable: true,
    description:
      "Revokes an API key: refused at once by this instance, within seconds by the others. Revoking a revoked key returns it unchanged. ADMIN only.",
  })
  revokeApiKey(@Arg("id", () => ID, { description: "The key's id (`key_…`)." }) id: string, @Ctx() ctx: RequestContext): Promise<ApiKey> {
    return ctx.services.apiKeys.revokeApiKey(ctx.actor, id);
  }

  @FieldResolver(() => String, { description: "First 12 hex digits of the key's SHA-256: tells keys apart, reveals nothing." })
  prefix(@Root() apiKey: ApiKey): string {
    return apiKeyFingerprint(apiKey.sha256);
  }
}
