import { Config } from '@backstage/config';

/** Where the templates publish: read once from `templates.publishing`. */
export type PublishingSettings =
  | {
      provider: 'github';
      host: string;
      owner: string;
      infraRepository: string;
      defaultBranch: string;
      imageRegistry: string;
    }
  | {
      provider: 'git';
      baseUrl: string;
      /** The local git host's token (PIER_GIT_TOKEN); every write and git request carries it. */
      token: string;
      infraRepository: string;
      defaultBranch: string;
      imageRegistry: string;
    };

export function readPublishingSettings(config: Config): PublishingSettings {
  const c = config.getOptionalConfig('templates.publishing');
  const provider = c?.getOptionalString('provider') ?? 'git';
  const infraRepository = c?.getOptionalString('infraRepository') ?? 'infra';
  const defaultBranch = c?.getOptionalString('defaultBranch') ?? 'main';
  const imageRegistry =
    c?.getOptionalString('imageRegistry') ??
    '000000000000.dkr.ecr.eu-west-1.amazonaws.com';
  if (provider === 'github') {
    return {
      provider,
      host: c?.getOptionalString('github.host') ?? 'github.com',
      owner: c!.getString('github.owner'),
      infraRepository,
      defaultBranch,
      imageRegistry,
    };
  }
  if (provider !== 'git') {
    throw new Error(
      `templates.publishing.provider must be 'github' or 'git', not '${provider}'`,
    );
  }
  return {
    provider,
    baseUrl: (
      c?.getOptionalString('git.baseUrl') ?? 'http://127.0.0.1:7310'
    ).replace(/\/+$/, ''),
    token: c?.getOptionalString('git.token') ?? '',
    infraRepository,
    defaultBranch,
    imageRegistry,
  };
}

/** Every URL a template needs for one new repository and one infra change. */
export interface PublishingTarget {
  provider: 'github' | 'git';
  /** `publish:github`'s repoUrl form (`host?owner=…&repo=…`), for either provider. */
  repoUrl: string;
  infraRepoUrl: string;
  /** Git clone URL of the infra/GitOps repository (Argo CD Applications' repoURL). */
  infraCloneUrl: string;
  /** ECR registry the service images are pushed to. */
  imageRegistry: string;
  /** Browsable page of the new repository. */
  repoBrowseUrl: string;
  catalogInfoUrl: string;
  changeBranch: string;
  /** Where the reviewer finds the proposed infra change. */
  changeUrl: string;
}

export function publishingTarget(
  settings: PublishingSettings,
  repository: string | undefined,
  changeBranch: string,
): PublishingTarget {
  const branch = settings.defaultBranch;
  if (settings.provider === 'github') {
    const { host, owner, infraRepository } = settings;
    const web = `https://${host}/${owner}`;
    return {
      provider: 'github',
      repoUrl: `${host}?owner=${owner}&repo=${repository ?? ''}`,
      infraRepoUrl: `${host}?owner=${owner}&repo=${infraRepository}`,
      infraCloneUrl: `${web}/${infraRepository}.git`,
      imageRegistry: settings.imageRegistry,
      repoBrowseUrl: repository ? `${web}/${repository}` : '',
      catalogInfoUrl: repository
        ? `${web}/${repository}/blob/${branch}/catalog-info.yaml`
        : '',
      changeBranch,
      changeUrl: `${web}/${infraRepository}/pulls?q=is%3Apr+head%3A${encodeURIComponent(
        changeBranch,
      )}`,
    };
  }
  const { baseUrl, infraRepository } = settings;
  const host = new URL(baseUrl).host;
  return {
    provider: 'git',
    repoUrl: `${host}?owner=local&repo=${repository ?? ''}`,
    infraRepoUrl: `${host}?owner=local&repo=${infraRepository}`,
    infraCloneUrl: `${baseUrl}/${infraRepository}.git`,
    imageRegistry: settings.imageRegistry,
    repoBrowseUrl: repository ? `${baseUrl}/${repository}/tree/${branch}/` : '',
    catalogInfoUrl: repository
      ? `${baseUrl}/${repository}/raw/${branch}/catalog-info.yaml`
      : '',
    changeBranch,
    changeUrl: `${baseUrl}/${infraRepository}/changes/${encodeURIComponent(
      changeBranch,
    )}`,
  };
}
