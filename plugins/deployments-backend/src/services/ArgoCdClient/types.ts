/** One Argo CD instance (one per cluster), from `argocd.appLocatorMethods[].instances`. */
export interface ArgoCdInstanceConfig {
  /** Instance name = cluster name. */
  name: string;
  url: string;
  frontendUrl?: string;
  token?: string;
  username?: string;
  password?: string;
}

/** The parts of an Argo CD Application the board reads. */
export interface ArgoApplication {
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
  };
  spec?: {
    project?: string;
    source?: { repoURL?: string; path?: string; targetRevision?: string };
    sources?: Array<{ repoURL?: string; path?: string }>;
  };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string };
    history?: Array<{
      id: number;
      revision?: string;
      deployedAt?: string;
      deployStartedAt?: string;
      source?: { repoURL?: string };
    }>;
    operationState?: {
      phase?: string;
      message?: string;
      startedAt?: string;
      finishedAt?: string;
      syncResult?: { revision?: string };
      operation?: { sync?: { revision?: string } };
    };
    summary?: { images?: string[] };
  };
}

export interface ArgoRevisionMetadata {
  author?: string;
  date?: string;
  message?: string;
  tags?: string[];
}

export interface ArgoCdClient {
  readonly instance: ArgoCdInstanceConfig;
  listApplications(selector?: string): Promise<ArgoApplication[]>;
  getRevisionMetadata(
    appName: string,
    revision: string,
  ): Promise<ArgoRevisionMetadata | undefined>;
  /** Number of HTTP requests sent to this instance so far (logins included). */
  upstreamCalls(): number;
}
