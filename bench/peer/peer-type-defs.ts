/**
 * Type definitions for the peer, @neo4j/graphql 7, over the graph our Neo4j store writes
 * (src/store/neo4j/cypher.ts "Graph model", neo4j-mapping.ts for property types). Every
 * label, property and relationship type is mapped as stored, nothing is renamed in the
 * database and no index is added for the peer (schema/neo4j/*.cypher are all it gets):
 *
 * - Money is integer cents (a Neo4j Integer): `BigInt` (the peer's 64-bit integer, sent as
 *   a string); counts are Integers too (`Int`); strengths, margins and the weekly capacity
 *   are Floats (a JS number reaches Neo4j as a Float); calendar dates are `Date`, audit
 *   stamps `DateTime`.
 * - Links are two relationship types, so each direction is two fields (`referred` /
 *   `influences` out, `referredBy` / `influencedBy` in) with the properties type of its
 *   relationship: the peer has no field over several relationship types.
 * - The owner is the `ownerId` property, not a relationship (the store never traverses it),
 *   so `owner` is a `@cypher` field, the peer's documented way to follow such a reference.
 * - `@node` on every type (required since 6.0), queries only: the peer's mutations are not used.
 */
export const PEER_TYPE_DEFS = /* GraphQL */ `
  enum Segment {
    SMALL_BUSINESS
    MID_MARKET
    ENTERPRISE
    PUBLIC_SECTOR
    NON_PROFIT
  }
  enum AccountStatus {
    PROSPECT
    CUSTOMER
    CHURNED
  }
  enum MembershipRole {
    LEADER
    MEMBER
  }

  type Account @node @query(read: true, aggregate: true) @mutation(operations: []) @subscription(events: []) {
    id: ID!
    externalId: String
    name: String!
    industry: String
    segment: Segment!
    region: String
    ownerId: String
    status: AccountStatus!
    annualRevenue: BigInt!
    grossMargin: Float!
    licencesHeld: Int!
    licencesPlanned: Int!
    licencePrice: BigInt!
    customerSince: Date
    renewalDate: Date
    discountPurchases: Int!
    supplierSwitches: Int!
    lastContact: Date
    createdAt: DateTime!
    updatedAt: DateTime!
    owner: AccountManager @cypher(statement: "MATCH (m:AccountManager {id: this.ownerId}) RETURN m", columnName: "m")
    referred: [Account!]! @relationship(type: "REFERRED", direction: OUT, properties: "Referral")
    influences: [Account!]! @relationship(type: "INFLUENCES", direction: OUT, properties: "Influence")
    referredBy: [Account!]! @relationship(type: "REFERRED", direction: IN, properties: "Referral")
    influencedBy: [Account!]! @relationship(type: "INFLUENCES", direction: IN, properties: "Influence")
    memberOf: [Community!]! @relationship(type: "MEMBER_OF", direction: OUT, properties: "Membership")
    engagements: [Engagement!]! @relationship(type: "FOR", direction: IN)
  }

  type AccountManager @node @mutation(operations: []) @subscription(events: []) {
    id: ID!
    name: String!
    email: String!
    weeklyCapacityHours: Float!
    createdAt: DateTime!
  }

  type Community @node @mutation(operations: []) @subscription(events: []) {
    id: ID!
    name: String!
    kind: String!
    region: String
    createdAt: DateTime!
    members: [Account!]! @relationship(type: "MEMBER_OF", direction: IN, properties: "Membership")
  }

  type Engagement @node @mutation(operations: []) @subscription(events: []) {
    id: ID!
    minutes: Int!
    date: Date!
    kind: String!
    note: String
    account: [Account!]! @relationship(type: "FOR", direction: OUT)
    manager: [AccountManager!]! @relationship(type: "BY", direction: OUT)
  }

  type Referral @relationshipProperties {
    id: ID!
    strength: Float!
    revenue: BigInt
    date: Date
    createdAt: DateTime!
  }

  type Influence @relationshipProperties {
    id: ID!
    strength: Float!
    kind: String
    date: Date
    createdAt: DateTime!
  }

  type Membership @relationshipProperties {
    role: MembershipRole!
    since: Date
  }
`;
