import { ClusterName, Service } from './types';

/**
 * What besides the service's own container runs in its pods, as in a real Istio + Datadog cluster:
 * the mesh's `istio-init` init container and `istio-proxy` sidecar (both `proxyv2`), Datadog's APM
 * library-injection init containers, and a schema-migration init container built from the
 * service's own repository. Argo CD lists every one of these images in `status.summary.images`
 * (controller/cache/info.go takes each pod's init containers and containers), sorted as strings.
 */

/** Istio version of the mesh (infra/gitops/addons/istiod.yaml, both clusters). */
export const ISTIO_VERSION = '1.27.3';

export interface PodContainerImage {
  name: string;
  image: string;
}

export interface PodImages {
  initContainers: PodContainerImage[];
  /** The service's container first, then the sidecars. */
  containers: PodContainerImage[];
}

/** Registry prefix of Docker Hub images in a cluster: prod pulls through an ECR pull-through cache. */
export function dockerHubImage(
  registry: string,
  cluster: ClusterName,
  repository: string,
) {
  return cluster === 'prod'
    ? `${registry}/docker-hub/${repository}`
    : `docker.io/${repository}`;
}

/** Whether the service's pods join the mesh (a few services run outside it). */
export function isMeshed(index: number) {
  return index % 4 !== 2;
}

/** Datadog's library-injection init image of a service, if its APM is injected (not built in). */
function datadogLibInit(index: number): PodContainerImage | undefined {
  if (index % 3 === 1) {
    return {
      name: 'datadog-lib-java-init',
      image: 'gcr.io/datadoghq/dd-lib-java-init:v1',
    };
  }
  if (index % 3 === 2) {
    return {
      name: 'datadog-lib-js-init',
      image: 'gcr.io/datadoghq/dd-lib-js-init:v5',
    };
  }
  return undefined;
}

/** APIs that own a database run their schema migration as an init container of the same release. */
function hasMigrations(service: Service, index: number) {
  return service.kind === 'api' && index % 3 === 0;
}

/**
 * The containers of one pod of `service` running `serviceImage` (`<registry>/<repo>:<version>`),
 * deterministic per service index and cluster.
 */
export function podImages(
  registry: string,
  service: Service,
  index: number,
  cluster: ClusterName,
  serviceImage: string,
): PodImages {
  const initContainers: PodContainerImage[] = [];
  const containers: PodContainerImage[] = [
    { name: service.name, image: serviceImage },
  ];
  if (hasMigrations(service, index)) {
    const tag = serviceImage.slice(serviceImage.lastIndexOf(':') + 1);
    initContainers.push({
      name: 'migrate',
      image: `${registry}/${service.repository}-migrations:${tag}`,
    });
  }
  const dd = datadogLibInit(index);
  if (dd) initContainers.push(dd);
  if (isMeshed(index)) {
    const proxy = dockerHubImage(
      registry,
      cluster,
      `istio/proxyv2:${ISTIO_VERSION}`,
    );
    initContainers.unshift({ name: 'istio-init', image: proxy });
    containers.push({ name: 'istio-proxy', image: proxy });
  }
  return { initContainers, containers };
}

/**
 * `status.summary.images` as Argo CD computes it for an application whose pods run these images:
 * the set of every init container's and container's image, sorted as strings (Go `sort.Strings`,
 * byte order; pkg/apis/application/v1alpha1/types.go `ApplicationTree.GetSummary`).
 */
export function summaryImages(pods: PodImages[]): string[] {
  const set = new Set<string>();
  for (const pod of pods) {
    for (const c of [...pod.initContainers, ...pod.containers])
      set.add(c.image);
  }
  return [...set].sort((a, b) => {
    if (a === b) return 0;
    return a < b ? -1 : 1;
  });
}
