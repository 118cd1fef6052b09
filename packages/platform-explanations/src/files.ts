import { ExplainContext } from './context';
import { FileToChange } from './types';

/**
 * Files of the GitOps directory Argo CD deploys the service from, named as Pier's service
 * template writes them (templates/service: `deployment.yaml`, `external-secret.yaml`, …). A Helm
 * source has one place for all of it: its values file.
 */
export type GitopsManifest =
  | 'deployment.yaml'
  | 'external-secret.yaml'
  | 'certificate.yaml'
  | 'pod-disruption-budget.yaml'
  | 'kustomization.yaml';

export function gitopsFile(
  ctx: ExplainContext,
  manifest: GitopsManifest,
  change: string,
): FileToChange {
  const { url, path, helm, valueFile } = ctx.gitops;
  const dir =
    path ??
    `<directory Argo CD deploys ${ctx.state.service} from in ${ctx.state.cluster}>`;
  const file = helm ? valueFile ?? 'values.yaml' : manifest;
  return {
    repository: 'gitops',
    ...(url ? { repositoryUrl: url } : {}),
    path: file.startsWith('/') ? file.slice(1) : `${dir}/${file}`,
    change,
  };
}

/** A file of the service's own repository (Pier's service template: `Dockerfile`, `.github/workflows/ci.yaml`). */
export function serviceFile(
  ctx: ExplainContext,
  path: string,
  change: string,
): FileToChange {
  return {
    repository: 'service',
    ...(ctx.serviceRepositoryUrl
      ? { repositoryUrl: ctx.serviceRepositoryUrl }
      : {}),
    path,
    change,
  };
}

export const CI_WORKFLOW = '.github/workflows/ci.yaml';
