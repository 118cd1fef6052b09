import { ImageMatch } from '@internal/plugin-deployments-common';

/** An image reference split as the Docker reference grammar does. */
export interface ImageReference {
  /** Registry host (`docker.io` when none is written). */
  registry: string;
  /** Repository path without registry, e.g. `payments/payments-api` (`library/` kept for Hub images). */
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Splits `[registry/]repository[:tag][@digest]`. The first path part is a registry when it has a
 * dot or a port or is `localhost` (docker/distribution reference rules).
 */
export function parseImageReference(image: string): ImageReference {
  const [name, digest] = image.trim().split('@');
  const slash = name.lastIndexOf('/');
  const colon = name.indexOf(':', slash + 1);
  const path = colon >= 0 ? name.slice(0, colon) : name;
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  const first = path.split('/')[0];
  const hasRegistry =
    path.includes('/') &&
    (first.includes('.') || first.includes(':') || first === 'localhost');
  const registry = hasRegistry ? first : 'docker.io';
  const repository = hasRegistry ? path.slice(first.length + 1) : path;
  return {
    registry,
    repository,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
  };
}

/** The tag of an image reference (`repo/name:1.4.2` → `1.4.2`), without a digest. */
export function imageTag(image: string | undefined): string | undefined {
  return image ? parseImageReference(image).tag : undefined;
}

/** Compares dotted versions numerically (`v1.10.0` > `1.9.3`); undefined if not comparable. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => {
    const m = /^v?(\d+(?:\.\d+)*)/.exec(v);
    return m ? m[1].split('.').map(Number) : undefined;
  };
  const pa = parse(a);
  const pb = parse(b);
  if (!pa || !pb) return a === b ? 0 : undefined;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

/** What identifies a service's own image among an application's images. */
export interface ImageHints {
  /** `aws.amazon.com/ecr-repository`: the repository name (a full image URI is tolerated). */
  repository?: string;
  /** Names the workload's container and image go by: the kubernetes-id, the entity name. */
  names: string[];
}

export interface SplitImages {
  /** Images of the service's own repository (two while a rollout replaces one tag by another). */
  service: string[];
  /** Every other image: sidecars, init containers, other workloads of the app. */
  sidecars: string[];
  match?: ImageMatch;
  /** Tag of the newest service image: the version the service runs (or rolls out). */
  version?: string;
}

function newestTag(images: string[]): string | undefined {
  let best: string | undefined;
  for (const image of images) {
    const tag = imageTag(image);
    if (!tag) continue;
    if (best === undefined || (compareVersions(tag, best) ?? 0) > 0) best = tag;
  }
  return best;
}

/**
 * Splits Argo CD's `status.summary.images` (every image of every pod of the app, init containers
 * and sidecars included, sorted as strings) into the service's own image and the rest.
 * The service's image is the one from its repository (`aws.amazon.com/ecr-repository`), else the
 * one named like the service (`<any>/<kubernetes-id>`), else the app's only image; when none
 * qualifies nothing is guessed.
 */
export function splitImages(images: string[], hints: ImageHints): SplitImages {
  const parsed = images.map(image => ({
    image,
    ref: parseImageReference(image),
  }));
  const pick = (match: ImageMatch, test: (ref: ImageReference) => boolean) => {
    const service = parsed.filter(p => test(p.ref)).map(p => p.image);
    if (service.length === 0) return undefined;
    const version = newestTag(service);
    return {
      service,
      sidecars: images.filter(i => !service.includes(i)),
      match,
      ...(version ? { version } : {}),
    };
  };
  const wanted = hints.repository?.trim();
  if (wanted) {
    const ref = parseImageReference(wanted);
    const fullUri = wanted.includes('/') && ref.registry !== 'docker.io';
    const found = pick('repository', r =>
      fullUri
        ? r.registry === ref.registry && r.repository === ref.repository
        : r.repository === wanted,
    );
    if (found) return found;
  }
  const names = hints.names.filter(Boolean);
  const byName = pick('name', r => {
    const last = r.repository.slice(r.repository.lastIndexOf('/') + 1);
    return names.includes(last);
  });
  if (byName) return byName;
  if (images.length === 1) {
    return pick('only', () => true)!;
  }
  return { service: [], sidecars: [...images] };
}
