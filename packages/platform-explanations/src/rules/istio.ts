import { ExplainContext, lastLine } from '../context';
import { Rule, makeExplanation } from '../explanation';
import { gitopsFile } from '../files';
import { Evidence, KubeObject } from '../types';

const MESH_ROOT_NAMESPACE = 'istio-system';
const MESH_FAILURE =
  /upstream connect error or disconnect\/reset before headers|connection reset by peer|503 Service Unavailable/i;

function hasSidecar(pod: KubeObject) {
  const names = [
    ...(pod.spec?.containers ?? []),
    ...(pod.spec?.initContainers ?? []),
  ].map((c: any) => c.name);
  return (
    names.includes('istio-proxy') ||
    Boolean(pod.metadata?.annotations?.['sidecar.istio.io/status'])
  );
}

function selects(pa: KubeObject, pod: KubeObject) {
  const wanted: Record<string, string> = pa.spec?.selector?.matchLabels ?? {};
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(wanted).every(([k, v]) => labels[k] === v);
}

/** The STRICT PeerAuthentication that applies to a pod (workload, namespace or mesh-wide), if any. */
function strictPolicy(ctx: ExplainContext, pod: KubeObject) {
  return (ctx.state.kubernetes.peerauthentications ?? []).find(pa => {
    const ns = pa.metadata?.namespace;
    const scoped =
      ns === pod.metadata?.namespace ||
      (ns === MESH_ROOT_NAMESPACE && !pa.spec?.selector);
    return scoped && selects(pa, pod) && pa.spec?.mtls?.mode === 'STRICT';
  });
}

function injectionEnabled(ctx: ExplainContext) {
  const ns = (ctx.state.kubernetes.namespaces ?? []).find(
    n => n.metadata?.name === ctx.namespace,
  );
  return ns?.metadata?.labels?.['istio-injection'] === 'enabled';
}

export const istioSidecarMissing: Rule = ctx => {
  const pods = (ctx.state.kubernetes.pods ?? []).filter(
    p => p.status?.phase === 'Running' && !hasSidecar(p),
  );
  const failures = pods.flatMap(p => {
    const line = lastLine(ctx.state.logs?.[p.metadata?.name ?? '']);
    return line && MESH_FAILURE.test(line) ? [{ pod: p, line }] : [];
  });
  const strict = pods
    .map(p => ({ pod: p, policy: strictPolicy(ctx, p) }))
    .filter(x => x.policy);
  if (strict.length === 0 && !(injectionEnabled(ctx) && failures.length)) {
    return [];
  }
  const pod = strict[0]?.pod ?? failures[0].pod;
  const policy = strict[0]?.policy;
  const optOut =
    pod.metadata?.annotations?.['sidecar.istio.io/inject'] ??
    pod.metadata?.labels?.['sidecar.istio.io/inject'];
  const evidence: Evidence[] = [
    {
      source: ctx.ref('Pod', pod),
      text: `no istio-proxy container${
        optOut !== undefined ? `; sidecar.istio.io/inject: "${optOut}"` : ''
      }`,
    },
    ...(policy
      ? [
          {
            source: ctx.ref('PeerAuthentication', policy),
            text: `mtls.mode: STRICT${
              policy.spec?.selector ? '' : ' (every workload of the namespace)'
            }`,
          },
        ]
      : []),
    ...failures.map(f => ({
      source: `last log line of ${f.pod.metadata?.name}`,
      text: f.line,
    })),
  ];
  return [
    makeExplanation(ctx, {
      id: 'istio-sidecar-missing',
      severity: 'error',
      title: `Calls between ${ctx.state.service} and the mesh fail (503 / connection reset): its pods have no Istio sidecar`,
      cause: `The pods of ${
        ctx.state.service
      } run without the istio-proxy sidecar${
        optOut === 'false'
          ? ' because they opt out with sidecar.istio.io/inject: "false"'
          : ''
      }${
        policy
          ? `, but ${ctx.ref(
              'PeerAuthentication',
              policy,
            )} requires mutual TLS (STRICT) in ${policy.metadata?.namespace}`
          : ''
      }: plain-text connections are reset, and Envoy answers 503.${
        failures[0] ? ` The service logs: ${failures[0].line}` : ''
      }`,
      evidence,
      fix: [
        `Remove the sidecar.istio.io/inject: "false" annotation from the pod template so Istio injects its sidecar (the namespace has istio-injection=enabled).`,
        `After the sync, check that new pods list an istio-proxy container (\`kubectl get pod -n ${ctx.namespace} -l app.kubernetes.io/name=${ctx.state.service} -o jsonpath='{..containers[*].name}'\`).`,
        `Only if the service really must stay outside the mesh: ask the platform team for a PERMISSIVE PeerAuthentication scoped to it, never for the namespace.`,
      ],
      file: gitopsFile(
        ctx,
        'deployment.yaml',
        `spec.template.metadata.annotations: remove sidecar.istio.io/inject: "false"`,
      ),
      objects: [
        ...new Set(
          [...strict.map(s => s.pod), ...failures.map(f => f.pod)].map(p =>
            ctx.ref('Pod', p),
          ),
        ),
      ],
    }),
  ];
};
