import { Field, ID, InputType } from "type-graphql";
import type { Role } from "../../domain/roles.js";
import { RoleEnum } from "../graphql-enums.js";

@InputType({ description: "A new API key. MANAGER keys name the manager they act as; other roles name none." })
export class CreateApiKeyInput {
  @Field(() => String, { description: 'Who or what will hold it, e.g. "Carla\'s laptop".' }) name!: string;
  @Field(() => RoleEnum, { description: "What the key may do." }) role!: Role;
  @Field(() => ID, { nullable: true, description: "Required for MANAGER, refused otherwise." }) managerId?: string | null;
}
