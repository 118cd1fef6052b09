import { GitRevision } from '@internal/plugin-deployments-common';
import { AppSummary, RevisionInfo } from './types';

/** Web link to a commit of a Git repository URL (GitHub, GitLab, Bitbucket forms). */
export function commitUrl(repoURL: string | undefined, sha: string) {
  if (!repoURL || !/^[0-9a-f]{7,40}$/i.test(sha)) return undefined;
  let base = repoURL
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  const scp = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+)$/.exec(base);
  if (scp) base = `https://${scp[1]}/${scp[2]}`;
  if (!/^https?:\/\//.test(base)) return undefined;
  const host = new URL(base).host;
  if (host.includes('gitlab')) return `${base}/-/commit/${sha}`;
  if (host.includes('bitbucket')) return `${base}/commits/${sha}`;
  return `${base}/commit/${sha}`;
}

export function gitRevision(
  sha: string,
  repoURL: string | undefined,
  info: RevisionInfo | undefined,
): GitRevision {
  return {
    sha,
    shortSha: /^[0-9a-f]{40}$/i.test(sha) ? sha.slice(0, 7) : sha,
    ...(info?.message ? { message: info.message.split('\n')[0] } : {}),
    ...(info?.author ? { author: info.author } : {}),
    ...(info?.date ? { date: info.date } : {}),
    ...(commitUrl(repoURL, sha) ? { commitUrl: commitUrl(repoURL, sha) } : {}),
  };
}

/** The revision that runs: the newest history entry, else the last sync's. */
export function deployedRevision(app: AppSummary): string | undefined {
  return (
    app.history[app.history.length - 1]?.revision ??
    app.operation?.revision ??
    app.syncRevision
  );
}
