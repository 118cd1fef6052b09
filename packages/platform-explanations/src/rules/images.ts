import {
  ContainerView,
  ExplainContext,
  eventTexts,
  groupBy,
  lastLine,
} from '../context';
import { Rule, makeExplanation } from '../explanation';
import { CI_WORKFLOW, gitopsFile, serviceFile } from '../files';
import { Evidence } from '../types';

const PULL_REASONS = ['ErrImagePull', 'ImagePullBackOff'];
const NO_PLATFORM = /no match for platform in manifest/i;
const EXEC_FORMAT = /exec format error/i;
const UNAUTHORIZED =
  /no basic auth credentials|pull access denied|authorization failed|unauthorized|403 forbidden/i;
const NOT_FOUND = /: not found|manifest unknown|not found:/i;

/** Everything the cluster said about pulling or starting a container: its state, events, last log line. */
export function pullTexts(ctx: ExplainContext, c: ContainerView): Evidence[] {
  const texts: Evidence[] = [];
  const waiting = c.status.state?.waiting;
  if (waiting?.message) {
    texts.push({
      source: `${ctx.ref('Pod', c.pod)} container ${c.name}`,
      text: `${waiting.reason}: ${waiting.message}`,
    });
  }
  const terminated = c.status.lastState?.terminated;
  if (terminated?.message) {
    texts.push({
      source: `${ctx.ref('Pod', c.pod)} container ${c.name} (last run)`,
      text: terminated.message,
    });
  }
  for (const text of eventTexts(ctx.eventsAbout('Pod', c.podName))) {
    texts.push({ source: `Event on ${ctx.ref('Pod', c.pod)}`, text });
  }
  const log = lastLine(ctx.state.logs?.[c.podName]);
  if (log) {
    texts.push({ source: `last log line of ${c.podName}`, text: log });
  }
  return texts;
}

const matching = (texts: Evidence[], pattern: RegExp) =>
  texts.filter(t => pattern.test(t.text));

/** Containers whose image cannot run on their node's CPU architecture. */
export function archMismatches(ctx: ExplainContext) {
  return ctx.containers.flatMap(c => {
    const evidence = matching(pullTexts(ctx, c), NO_PLATFORM).concat(
      matching(pullTexts(ctx, c), EXEC_FORMAT),
    );
    return evidence.length ? [{ container: c, evidence }] : [];
  });
}

export const archMismatch: Rule = ctx => {
  const found = archMismatches(ctx);
  if (found.length === 0) return [];
  const first = found[0].container;
  const node = ctx.node(first.pod.spec?.nodeName);
  const arch =
    node?.metadata?.labels?.['kubernetes.io/arch'] ??
    node?.status?.nodeInfo?.architecture;
  const pool =
    node?.metadata?.labels?.['karpenter.sh/nodepool'] ??
    node?.metadata?.labels?.['karpenter.sh/provisioner-name'];
  const image = first.spec.image ?? first.status.image;
  const selector = first.pod.spec?.nodeSelector ?? {};
  const selectorText = Object.entries(selector)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  const onNode = node
    ? `node ${node.metadata?.name} (${arch ?? 'unknown architecture'}${
        pool ? `, Karpenter pool ${pool}` : ''
      })`
    : 'its node';
  const quote = found[0].evidence[0].text;
  return [
    makeExplanation(ctx, {
      id: 'image-arch-mismatch',
      severity: 'error',
      title: `${ctx.state.service} cannot start on ${
        arch ?? 'its'
      } nodes: its image has no ${arch ?? 'matching'} variant`,
      cause: `The image ${image} is built for amd64 only, but the pod was scheduled on ${onNode}${
        selectorText ? ` because of its nodeSelector (${selectorText})` : ''
      }. The container runtime says: "${quote}".`,
      evidence: [
        ...found.flatMap(f => f.evidence),
        ...(node
          ? [
              {
                source: `Node ${node.metadata?.name}`,
                text: `kubernetes.io/arch=${arch}`,
              },
            ]
          : []),
      ],
      fix: [
        `Build the image for both architectures: in the CI build, set the docker/build-push-action platforms to linux/amd64,linux/arm64 and use a multi-arch base image in the Dockerfile.`,
        `Release a new version and deploy it; check with \`docker buildx imagetools inspect ${image}\` that linux/arm64 is listed.`,
        `Until then, to unblock: pin the Deployment to amd64 nodes (nodeSelector kubernetes.io/arch: amd64${
          selectorText ? ` instead of ${selectorText}` : ''
        }) in the GitOps repository.`,
      ],
      file: serviceFile(
        ctx,
        CI_WORKFLOW,
        'docker/build-push-action: platforms: linux/amd64,linux/arm64 (with docker/setup-qemu-action and docker/setup-buildx-action)',
      ),
      relatedFiles: [
        serviceFile(
          ctx,
          'Dockerfile',
          'use a base image published for linux/arm64 too; no amd64-only binaries',
        ),
        gitopsFile(
          ctx,
          'deployment.yaml',
          `temporary: spec.template.spec.nodeSelector kubernetes.io/arch: amd64${
            selectorText ? ` (replaces ${selectorText})` : ''
          }`,
        ),
      ],
      objects: [...new Set(found.map(f => ctx.ref('Pod', f.container.pod)))],
    }),
  ];
};

function pullFailures(ctx: ExplainContext, pattern: RegExp) {
  return ctx.containers.flatMap(c => {
    const reason = c.status.state?.waiting?.reason;
    if (!PULL_REASONS.includes(reason)) return [];
    const texts = pullTexts(ctx, c);
    if (matching(texts, NO_PLATFORM).length) return [];
    const evidence = matching(texts, pattern);
    return evidence.length ? [{ container: c, evidence }] : [];
  });
}

const imageOf = (c: ContainerView) => c.spec.image ?? c.status.image ?? '';
const tagOf = (image: string) => {
  const at = image.indexOf('@');
  if (at >= 0) return image.slice(at + 1);
  const colon = image.lastIndexOf(':');
  return colon > image.lastIndexOf('/') ? image.slice(colon + 1) : 'latest';
};
const repositoryOf = (image: string) =>
  image.replace(/@.*$/, '').replace(/:[^/:]+$/, '');

export const imageNotFound: Rule = ctx => {
  const notFound = pullFailures(ctx, NOT_FOUND).filter(
    f => !f.evidence.some(e => UNAUTHORIZED.test(e.text)),
  );
  return [...groupBy(notFound, f => imageOf(f.container))].map(
    ([image, found]) => {
      const tag = tagOf(image);
      const repository = repositoryOf(image);
      const ecr = /\.dkr\.ecr\.[^/]+\.amazonaws\.com\/(.+)$/.exec(repository);
      return makeExplanation(ctx, {
        id: 'image-not-found',
        severity: 'error',
        title: `The image tag ${tag} of ${ctx.state.service} does not exist in the registry`,
        cause: `Kubernetes cannot pull ${image}: the registry has no tag ${tag} in ${repository}. Usually the CI build of that version failed or never ran, or the tag in the GitOps repository has a typo. The kubelet says: "${found[0].evidence[0].text}".`,
        evidence: found.flatMap(f => f.evidence),
        fix: [
          ecr
            ? `Check which tags exist: \`aws ecr describe-images --repository-name ${ecr[1]} --query 'imageDetails[].imageTags'\`.`
            : `Check which tags exist in ${repository}.`,
          `If the CI build of ${tag} failed, fix it and re-run it so that it pushes ${tag}.`,
          `Otherwise set the image tag in the GitOps repository to a tag that exists, and let Argo CD sync.`,
        ],
        file: gitopsFile(
          ctx,
          'deployment.yaml',
          `the image tag ${tag} of ${repository}: use a tag that exists in the registry`,
        ),
        relatedFiles: [
          serviceFile(ctx, CI_WORKFLOW, `the build that pushes ${tag}`),
        ],
        objects: [...new Set(found.map(f => ctx.ref('Pod', f.container.pod)))],
      });
    },
  );
};

export const imagePullUnauthorized: Rule = ctx => {
  const denied = pullFailures(ctx, UNAUTHORIZED);
  return [...groupBy(denied, f => imageOf(f.container))].map(
    ([image, found]) => {
      const repository = repositoryOf(image);
      const account = /^(\d{12})\.dkr\.ecr\.([^.]+)\./.exec(repository);
      return makeExplanation(ctx, {
        id: 'image-pull-unauthorized',
        severity: 'error',
        title: `The cluster is not allowed to pull the image of ${ctx.state.service}`,
        cause: `The nodes of ${
          ctx.state.cluster
        } get no credentials for ${repository}${
          account ? ` (AWS account ${account[1]}, region ${account[2]})` : ''
        }, so the registry refuses the pull of ${image}. The kubelet says: "${
          found[0].evidence[0].text
        }".`,
        evidence: found.flatMap(f => f.evidence),
        fix: [
          `Use the image from the platform's own ECR registry: set the image in the GitOps repository to the registry CI pushes to.`,
          account
            ? `If the image must stay in account ${account[1]}, add a repository policy there that allows ecr:BatchGetImage and ecr:GetDownloadUrlForLayer to the ${ctx.state.cluster} node role, and make sure the registry is in the node's ECR credential-provider match list.`
            : `If the registry is private, give the node role (or an imagePullSecret) read access to it.`,
        ],
        file: gitopsFile(
          ctx,
          'deployment.yaml',
          `the image registry of ${repository}: the platform's ECR registry`,
        ),
        objects: [...new Set(found.map(f => ctx.ref('Pod', f.container.pod)))],
      });
    },
  );
};
