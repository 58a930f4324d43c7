/**
 * The Relay `Node` interface (https://relay.dev/graphql/objectidentification.htm): objects
 * that `node(id)` / `nodes(ids)` refetch by their global id (api/global-ids.ts says how ids
 * are made). The resolvers of those two fields tag each object with its type name, since
 * the domain objects they return are plain data, not instances of these classes.
 */
import { Field, ID, InterfaceType } from "type-graphql";

export const NODE_TYPES = ["Account", "AccountManager", "Community", "Link", "Membership", "Influence", "StrategicScore"] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const typeNames = new WeakMap<object, NodeTypeName>();

/** Marks `value` as a `type` for the Node interface's type resolution; returns it. */
export function asNode<T extends object>(type: NodeTypeName, value: T): T {
  typeNames.set(value, type);
  return value;
}

@InterfaceType("Node", {
  description: "An object with a global id: `node(id)` refetches it, and a client cache can key it by `id` alone.",
  resolveType: (value: object) => {
    const type = typeNames.get(value);
    if (!type) throw new Error("api/types/node.type: an object reached the Node interface without asNode()");
    return type;
  },
})
export abstract class NodeInterface {
  @Field(() => ID, { description: "Globally unique and stable; treat it as opaque." })
  id!: string;
}
