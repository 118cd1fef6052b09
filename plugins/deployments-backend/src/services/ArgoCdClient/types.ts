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

/** An application's source (`spec.source`, or each of `spec.sources`), the parts the board compares. */
export interface ArgoApplicationSource {
  repoURL?: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
  helm?: {
    valueFiles?: string[];
    parameters?: Array<{ name?: string; value?: string }>;
    /** Values as a YAML string. */
    values?: string;
    valuesObject?: Record<string, unknown>;
    releaseName?: string;
  };
  kustomize?: {
    images?: string[];
    namePrefix?: string;
    nameSuffix?: string;
    namespace?: string;
    replicas?: Array<{ name?: string; count?: number | string }>;
    commonLabels?: Record<string, string>;
  };
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
    source?: ArgoApplicationSource;
    sources?: ArgoApplicationSource[];
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
