import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { BoardBody } from './boardBodies';
import {
  DeploymentsBoard,
  DeploymentsBoardQuery,
} from '@internal/plugin-deployments-common';

export interface DeploymentsBoardOptions {
  refreshSeconds: number;
  progressingTimeoutMinutes: number;
  requestTimeoutMs: number;
  appSelector?: string;
  metadataConcurrency: number;
}

/** Commit metadata, as the snapshot keeps it. */
export interface RevisionInfo {
  author?: string;
  date?: string;
  message?: string;
}

/** One Argo CD application, reduced to what the board shows (JSON, for the cache). */
export interface AppSummary {
  name: string;
  namespace?: string;
  project?: string;
  labels: Record<string, string>;
  repoURL?: string;
  syncStatus: string;
  syncRevision?: string;
  health: string;
  healthMessage?: string;
  operation?: {
    phase: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
    revision?: string;
  };
  history: Array<{
    id: number;
    revision: string;
    deployedAt?: string;
    deployStartedAt?: string;
  }>;
  images: string[];
  /** Commit metadata of the deployed and target revisions, by SHA. */
  revisions: Record<string, RevisionInfo>;
}

/** One successful read of one Argo CD instance. */
export interface InstanceSnapshot {
  cluster: string;
  fetchedAt: string;
  apps: AppSummary[];
}

export interface DeploymentsBoardService {
  /** The board, with only the services the caller (`credentials`) may see in the catalog. */
  getBoard(
    query: DeploymentsBoardQuery,
    credentials: BackstageCredentials,
  ): Promise<DeploymentsBoard>;
  /** The same answer as JSON bytes with their entity tag, made once per built board, query and visibility. */
  getBoardJson(
    query: DeploymentsBoardQuery,
    credentials: BackstageCredentials,
  ): Promise<BoardBody>;
  /** Upstream HTTP requests sent so far, per cluster (for logs, tests and benchmarks). */
  upstreamCalls(): Record<string, number>;
}
