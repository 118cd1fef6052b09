import { ConflictError, InputError, ResponseError } from '@backstage/errors';

/**
 * The local git host (`scripts/git-server.mjs`): what GitHub is in production, offline. Creating a
 * repository is its one API call; everything else is plain git over smart HTTP. Both carry the
 * host's token (`templates.publishing.git.token`, the `PIER_GIT_TOKEN` start.sh gives both).
 */
export class LocalGitHost {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string = '',
  ) {}

  /** Credentials for git over smart HTTP (isomorphic-git sends them as Basic auth). */
  get auth() {
    return { username: 'pier', password: this.token };
  }

  cloneUrl(repository: string) {
    return `${this.baseUrl}/${repository}.git`;
  }

  async createRepository(repository: string, description: string) {
    const res = await fetch(`${this.baseUrl}/api/repos`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.token}`,
      },
      body: JSON.stringify({ name: repository, description }),
    });
    if (res.status === 409) {
      throw new ConflictError(
        `A repository named ${repository} already exists: choose another name`,
      );
    }
    if (res.status === 401) {
      throw new InputError(
        "The local git host refused Pier's token: templates.publishing.git.token must be the PIER_GIT_TOKEN the git host was started with",
      );
    }
    if (res.status === 400) {
      throw new InputError(`The git host refused the name ${repository}`);
    }
    if (!res.ok) throw await ResponseError.fromResponse(res);
  }
}
