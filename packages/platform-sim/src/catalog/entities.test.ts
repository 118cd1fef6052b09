import {
  GetFindingsCommand,
  SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import {
  ComponentEntity,
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import { v1 } from '@datadog/datadog-api-client';
import * as k8s from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { readFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  awsClientConfig,
  datadogConfig,
  kubeConfig,
} from '../__testUtils__/clients';
import { SIM_ARGOCD_TOKEN } from '../credentials';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';
import {
  ANNOTATIONS,
  deriveCatalogEntities,
  writeCatalogFile,
} from './entities';

const NOW = new Date('2025-06-02T12:00:00Z');

describe('derived catalog entities', () => {
  let sim: PlatformSim;

  beforeAll(async () => {
    sim = await startPlatformSim({
      scenario: { now: NOW },
      ports: EPHEMERAL_PORTS,
    });
  });
  afterAll(() => sim.stop());

  it('pass catalog-model validation', async () => {
    const policies = EntityPolicies.allOf([
      new DefaultNamespaceEntityPolicy(),
      new NoForeignRootFieldsEntityPolicy(),
      new FieldFormatEntityPolicy(),
      new SchemaValidEntityPolicy(),
    ]);
    for (const entity of deriveCatalogEntities(sim.scenario)) {
      const enforced = await policies.enforce(entity);
      expect(enforced).toBeDefined();
      const validator =
        entity.kind === 'Component'
          ? componentEntityV1alpha1Validator
          : systemEntityV1alpha1Validator;
      await expect(validator.check(entity)).resolves.toBe(true);
    }
  });

  it('has one Component per simulated service, owned by its team', () => {
    const components = deriveCatalogEntities(sim.scenario).filter(
      (e): e is ComponentEntity => e.kind === 'Component',
    );
    expect(components.map(c => c.metadata.name).sort()).toEqual(
      sim.scenario.services.map(s => s.name).sort(),
    );
    for (const c of components) {
      expect(c.spec.owner).toMatch(
        /^group:default\/team-(payments|checkout|discovery|identity)$/,
      );
      expect(c.spec.type).toBe('service');
      expect(c.spec.system).toBeDefined();
    }
  });

  it('is served as YAML and written to a file', async () => {
    const res = await fetch(`${sim.urls.admin}/catalog/entities.yaml`);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    const served = parseAllDocuments(await res.text()).map(d => d.toJSON());
    expect(served).toEqual(
      deriveCatalogEntities(sim.scenario, { datadogUrl: sim.urls.datadog }),
    );
    const dir = await mkdtemp(join(tmpdir(), 'platform-sim-'));
    await writeCatalogFile(sim.scenario, join(dir, 'entities.yaml'), {
      datadogUrl: sim.urls.datadog,
    });
    const written = parseAllDocuments(
      await readFile(join(dir, 'entities.yaml'), 'utf8'),
    ).map(d => d.toJSON());
    expect(written).toEqual(served);
  });

  it('every annotation resolves to data in every upstream', async () => {
    const components = deriveCatalogEntities(sim.scenario).filter(
      (e): e is ComponentEntity => e.kind === 'Component',
    );
    const securityHub = new SecurityHubClient(
      awsClientConfig(sim.urls.aws.securityhub),
    );
    const metrics = new v1.MetricsApi(datadogConfig(sim.urls.datadog));
    const monitors = new v1.MonitorsApi(datadogConfig(sim.urls.datadog));
    const to = Math.floor(sim.scenario.now / 1000);
    try {
      for (const c of components) {
        const a = c.metadata.annotations!;
        const name = c.metadata.name;
        for (const cluster of ['prod', 'nonprod'] as const) {
          // Kubernetes: workloads by the kubernetes-id label in the namespace
          const kc = kubeConfig(sim.urls.kubernetes[cluster]);
          const selector = `backstage.io/kubernetes-id=${
            a[ANNOTATIONS.kubernetesId]
          }`;
          const namespace = a[ANNOTATIONS.kubernetesNamespace];
          const pods = await kc
            .makeApiClient(k8s.CoreV1Api)
            .listNamespacedPod({ namespace, labelSelector: selector });
          const deployments = await kc
            .makeApiClient(k8s.AppsV1Api)
            .listNamespacedDeployment({ namespace, labelSelector: selector });
          expect({ name, cluster, pods: pods.items.length > 0 }).toEqual({
            name,
            cluster,
            pods: true,
          });
          expect(deployments.items).toHaveLength(1);

          // Argo CD: the selector finds exactly one app per instance
          const apps = await (
            await fetch(
              `${
                sim.urls.argocd[cluster]
              }/api/v1/applications?selector=${encodeURIComponent(
                a[ANNOTATIONS.argocdAppSelector],
              )}`,
              { headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` } },
            )
          ).json();
          expect({ name, cluster, apps: apps.items.length }).toEqual({
            name,
            cluster,
            apps: 1,
          });
        }

        // Datadog: trace metrics and monitors for the service tag
        const service = a[ANNOTATIONS.datadogServiceName];
        const op = sim.scenario.serviceByName.get(service)!.operation;
        const series = await metrics.queryMetrics({
          from: to - 3600,
          to,
          query: `sum:trace.${op}.hits{service:${service}} by {env}.as_count()`,
        });
        expect({ name, envs: series.series!.length }).toEqual({
          name,
          envs: 2,
        });
        expect(
          (await monitors.listMonitors({ monitorTags: `service:${service}` }))
            .length,
        ).toBeGreaterThan(0);

        // SecurityHub: findings for the ECR repository and for the tag filter
        const [tagKey, tagValue] =
          a[ANNOTATIONS.securityHubFindingsTags].split('=');
        const byTag = await securityHub.send(
          new GetFindingsCommand({
            Filters: {
              ResourceTags: [
                { Key: tagKey, Value: tagValue, Comparison: 'EQUALS' },
              ],
            },
            MaxResults: 1,
          }),
        );
        expect(byTag.Findings).toHaveLength(1);
        const byRepo = await securityHub.send(
          new GetFindingsCommand({
            Filters: {
              ResourceId: [
                {
                  Value: `arn:aws:ecr:eu-west-1:123456789012:repository/${
                    a[ANNOTATIONS.ecrRepository]
                  }/`,
                  Comparison: 'PREFIX',
                },
              ],
            },
            MaxResults: 1,
          }),
        );
        expect(
          byRepo.Findings![0].Resources![0].Details!.AwsEcrContainerImage!
            .RepositoryName,
        ).toBe(a[ANNOTATIONS.ecrRepository]);

        // OpenCost: allocation under the kubernetes-id label
        const cost = await (
          await fetch(
            `${sim.urls.opencost}/allocation/compute?window=1d&aggregate=label:backstage.io/kubernetes-id&accumulate=true`,
          )
        ).json();
        expect(
          cost.data[0][a[ANNOTATIONS.kubernetesId]].totalCost,
        ).toBeGreaterThan(0);
      }
    } finally {
      securityHub.destroy();
    }
  });
});
