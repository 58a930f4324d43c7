/**
 * Public surface of the influence engine for the services layer.
 */
export { InfluenceEngine, DEFAULTS as ENGINE_DEFAULTS } from "./influence-engine.js";
export type { GraphSource, InfluenceEngineOptions } from "./influence-engine.js";
export type { EngineEvent, RefreshStats, SnapshotView } from "./engine-events.js";
export type { ExecutionMode } from "./graph-loader.js";
export type { Neighbourhood, NeighbourhoodEdge, NeighbourhoodQuery } from "./neighbourhood.js";
export type { PathMode, PersonalizedRankQuery, RankedAccounts } from "./projection-host.js";
export type { CoreSnapshot, InfluenceSnapshot, LinkCsr, RankedMetric, SnapshotAttributes, SnapshotPhase, UnavailableMetric } from "./snapshot.js";
export { hasKeystones, isComplete, phaseOf, reaches, SEGMENT_CODES, SNAPSHOT_PHASES, STATUS_CODES } from "./snapshot.js";
export type { SnapshotSettings } from "./snapshot-compute.js";
