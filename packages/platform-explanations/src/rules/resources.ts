import { condition, eventTexts } from '../context';
import { Rule, makeExplanation } from '../explanation';
import { gitopsFile } from '../files';
import { Evidence, KubeObject } from '../types';

function remoteKeys(es: KubeObject): string[] {
  const data = (es.spec?.data ?? []).map((d: any) => d.remoteRef?.key);
  const from = (es.spec?.dataFrom ?? []).map(
    (d: any) => d.extract?.key ?? d.find?.path ?? d.find?.name?.regexp,
  );
  return [...new Set([...data, ...from].filter(Boolean) as string[])];
}

export const externalSecretNotSynced: Rule = ctx =>
  (ctx.state.kubernetes.externalsecrets ?? []).flatMap(es => {
    const ready = condition(es, 'Ready');
    if (!ready || ready.status !== 'False') return [];
    const name = es.metadata?.name ?? '';
    const target = es.spec?.target?.name ?? name;
    const store = es.spec?.secretStoreRef;
    const keys = remoteKeys(es);
    const events = eventTexts(ctx.eventsAbout('ExternalSecret', name));
    const blocked = ctx.containers.filter(c =>
      String(c.status.state?.waiting?.message ?? '').includes(`"${target}"`),
    );
    const evidence: Evidence[] = [
      {
        source: ctx.ref('ExternalSecret', es),
        text: `Ready=False ${ready.reason}: ${ready.message}`,
      },
      ...events.map(text => ({
        source: `Event on ${ctx.ref('ExternalSecret', es)}`,
        text,
      })),
      ...blocked.map(c => ({
        source: `${ctx.ref('Pod', c.pod)} container ${c.name}`,
        text: `${c.status.state.waiting.reason}: ${c.status.state.waiting.message}`,
      })),
    ];
    const detail = events[0]
      ? ` The operator's last event: "${events[0]}".`
      : '';
    return [
      makeExplanation(ctx, {
        id: 'external-secret-not-synced',
        severity: 'error',
        title: `The secret ${target} of ${
          ctx.state.service
        } cannot be read from ${store?.kind ?? 'its store'} ${
          store?.name ?? ''
        }`.trim(),
        cause: `The ExternalSecret ${name} is not synced (${ready.reason}: "${
          ready.message
        }"), so the Kubernetes Secret ${target} is missing or stale${
          blocked.length
            ? ` and ${blocked.length} pod(s) cannot start (${blocked[0].status.state.waiting.reason})`
            : ''
        }.${detail}`,
        evidence,
        fix: [
          keys.length
            ? `Check that ${keys.join(', ')} exist${
                keys.length === 1 ? 's' : ''
              } in AWS Secrets Manager in the cluster's account and region: \`aws secretsmanager describe-secret --secret-id ${
                keys[0]
              }\`; create it or correct the key.`
            : `Check that the keys the ExternalSecret reads exist in the secret store.`,
          `If the key exists, give the ${store?.kind ?? 'SecretStore'} ${
            store?.name ?? ''
          } role read access to it (secretsmanager:GetSecretValue).`.replace(
            '  ',
            ' ',
          ),
          `Then force a refresh: \`kubectl annotate externalsecret ${name} -n ${ctx.namespace} force-sync=$(date +%s) --overwrite\`.`,
        ],
        file: gitopsFile(
          ctx,
          'external-secret.yaml',
          `ExternalSecret ${name}: spec.data[].remoteRef.key (${
            keys.join(', ') || 'the keys'
          }) must name secrets that exist`,
        ),
        objects: [
          ctx.ref('ExternalSecret', es),
          ...blocked.map(c => ctx.ref('Pod', c.pod)),
        ],
      }),
    ];
  });

export const certificateNotReady: Rule = ctx =>
  (ctx.state.kubernetes.certificates ?? []).flatMap(cert => {
    const ready = condition(cert, 'Ready');
    if (!ready || ready.status !== 'False') return [];
    const issuing = condition(cert, 'Issuing');
    const name = cert.metadata?.name ?? '';
    const issuer = cert.spec?.issuerRef ?? {};
    const dnsNames: string[] = cert.spec?.dnsNames ?? [];
    const failure =
      issuing?.status === 'False' && issuing.message
        ? issuing.message
        : undefined;
    const events = eventTexts(ctx.eventsAbout('Certificate', name));
    return [
      makeExplanation(ctx, {
        id: 'certificate-not-ready',
        severity: 'error',
        title: `The TLS certificate ${name} for ${
          dnsNames[0] ?? ctx.state.service
        } is not issued`,
        cause: `cert-manager has not issued the Certificate ${name} (Ready=False ${
          ready.reason
        }: "${ready.message}")${
          failure ? `; the last attempt failed: "${failure}"` : ''
        }. Clients of ${
          dnsNames.join(', ') || 'the service'
        } get no valid certificate from the Secret ${
          cert.spec?.secretName ?? ''
        }.`,
        evidence: [
          {
            source: ctx.ref('Certificate', cert),
            text: `Ready=False ${ready.reason}: ${ready.message}`,
          },
          ...(issuing
            ? [
                {
                  source: ctx.ref('Certificate', cert),
                  text: `Issuing=${issuing.status} ${issuing.reason}: ${
                    issuing.message ?? ''
                  }`,
                },
              ]
            : []),
          ...events.map(text => ({
            source: `Event on ${ctx.ref('Certificate', cert)}`,
            text,
          })),
        ],
        fix: [
          `Look at the failing order: \`kubectl describe certificaterequest,order,challenge -n ${ctx.namespace}\`.`,
          `Check the issuer: ${issuer.kind ?? 'Issuer'} ${
            issuer.name ?? '?'
          } must exist and be Ready, and every DNS name (${dnsNames.join(
            ', ',
          )}) must be in a zone it can solve (DNS-01: the Route 53 hosted zone it manages).`,
          `Correct the DNS names or the issuerRef in the GitOps repository; cert-manager retries on its own after the sync.`,
        ],
        file: gitopsFile(
          ctx,
          'certificate.yaml',
          `Certificate ${name}: spec.dnsNames (${dnsNames.join(
            ', ',
          )}) and spec.issuerRef (${issuer.kind ?? 'Issuer'} ${
            issuer.name ?? '?'
          })`,
        ),
        objects: [ctx.ref('Certificate', cert)],
      }),
    ];
  });
