export interface Config {
  /** Pier's software templates (templates/*): where they publish what they generate. */
  templates?: {
    publishing?: {
      /**
       * `github`: new repositories with `publish:github`, infra/GitOps changes as pull requests
       * with `publish:github:pull-request` (production). `git`: the local git host started by
       * `scripts/start.sh` (`scripts/git-server.mjs`), the same flow offline.
       * @default git
       */
      provider?: 'github' | 'git';
      /**
       * Repository that receives infra/Terraform and Argo CD changes as a reviewed change.
       * @default infra
       */
      infraRepository?: string;
      /**
       * ECR registry the services' images are pushed to (`<account>.dkr.ecr.<region>.amazonaws.com`).
       * @default 000000000000.dkr.ecr.eu-west-1.amazonaws.com
       */
      imageRegistry?: string;
      /** Branch changes are proposed against. @default main */
      defaultBranch?: string;
      /** provider `github`: the organisation that owns new repositories and the infra repository. */
      github?: {
        owner: string;
        /** @default github.com */
        host?: string;
      };
      /** provider `git`: base URL of the local git host, e.g. http://127.0.0.1:7310. */
      git?: {
        baseUrl: string;
        /**
         * The local git host's token (scripts/git-server.mjs refuses writes and git requests
         * without it); start.sh generates one per run as PIER_GIT_TOKEN.
         * @visibility secret
         */
        token?: string;
      };
    };
  };
}
