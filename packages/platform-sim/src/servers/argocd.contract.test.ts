import { SIM_ARGOCD_TOKEN } from '../credentials';
import { Contract, loadContracts, undocumentedShape } from '../contracts';
import { podImages } from '../scenario/podImages';
import { imageOf } from '../scenario/kubernetes';
import { currentDeploys } from '../scenario';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

const CLUSTERS = ['prod', 'nonprod'] as const;
const APP_MAPS = [
  '$.items[].metadata.labels',
  '$.items[].metadata.annotations',
];

/** A single Application (GET by name) in list form, so list and single answers share one shape. */
const asList = (app: unknown) => ({ items: [app] });
const isAppContract = (c: Contract) =>
  /^\/api\/v1\/applications(\/[^/?]+)?(\?.*)?$/.test(c.request.path);
const isMetadataContract = (c: Contract) =>
  /\/revisions\/[^/]+\/metadata$/.test(c.request.path);

describe('Argo CD simulation against the documented API', () => {
  const contracts = loadContracts('argocd');
  // Every documented Application body, list answers as they are and single ones in list form.
  const documentedApps = contracts
    .filter(isAppContract)
    .map(c =>
      /^\/api\/v1\/applications\/[^/?]+/.test(c.request.path)
        ? asList(c.body)
        : c.body,
    );
  const documentedMetadata = contracts
    .filter(isMetadataContract)
    .map(c => c.body);

  let sim: PlatformSim;
  const get = async (cluster: 'prod' | 'nonprod', path: string) => {
    const res = await fetch(`${sim.urls.argocd[cluster]}${path}`, {
      headers: { authorization: `Bearer ${SIM_ARGOCD_TOKEN}` },
    });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    sim = await startPlatformSim({ ports: EPHEMERAL_PORTS });
  });
  afterAll(() => sim?.stop());

  it('has documented bodies for the list, one application and revision metadata', () => {
    expect(documentedApps.length).toBeGreaterThanOrEqual(3);
    expect(documentedMetadata.length).toBeGreaterThanOrEqual(1);
  });

  it.each(CLUSTERS)(
    'lists %s applications within the documented shape',
    async cluster => {
      const list = await get(cluster, '/api/v1/applications');
      expect(undocumentedShape(documentedApps, list, APP_MAPS)).toEqual([]);
      const selected = await get(
        cluster,
        `/api/v1/applications?selector=${encodeURIComponent(
          'backstage.io/kubernetes-id=payments-api',
        )}`,
      );
      expect(undocumentedShape(documentedApps, selected, APP_MAPS)).toEqual([]);
    },
  );

  it.each(CLUSTERS)(
    'answers each %s application by name, and its revision metadata, within the documented shape',
    async cluster => {
      const { items } = await get(cluster, '/api/v1/applications');
      for (const item of items) {
        const app = await get(
          cluster,
          `/api/v1/applications/${encodeURIComponent(item.metadata.name)}`,
        );
        expect(
          undocumentedShape(documentedApps, asList(app), APP_MAPS),
        ).toEqual([]);
        const revision = app.status.history?.at(-1)?.revision;
        if (!revision) continue;
        const meta = await get(
          cluster,
          `/api/v1/applications/${encodeURIComponent(
            item.metadata.name,
          )}/revisions/${revision}/metadata`,
        );
        expect(undocumentedShape(documentedMetadata, meta)).toEqual([]);
      }
    },
  );

  it.each(CLUSTERS)(
    'lists in %s every image of the pods, sidecars and init containers included, sorted as Argo CD sorts them',
    async cluster => {
      const { items } = await get(cluster, '/api/v1/applications');
      let sidecarFirst = 0;
      sim.scenario.services.forEach((service, index) => {
        const app = items.find(
          (a: any) =>
            a.metadata.labels?.['backstage.io/kubernetes-id'] === service.name,
        );
        // The pods' images, from the scenario's pod templates: own image, sidecars, init containers.
        const expected = new Set<string>();
        for (const deploy of currentDeploys(service, cluster)) {
          const own = imageOf(sim.scenario, service, deploy.releaseIndex).image;
          const pod = podImages(
            sim.scenario.registry,
            service,
            index,
            cluster,
            own,
          );
          for (const c of [...pod.initContainers, ...pod.containers]) {
            expected.add(c.image);
          }
        }
        const images: string[] = app.status.summary.images;
        expect(new Set(images)).toEqual(expected);
        expect(images).toHaveLength(expected.size);
        // Go's sort.Strings: byte order.
        for (let i = 1; i < images.length; i++) {
          expect(
            Buffer.compare(Buffer.from(images[i - 1]), Buffer.from(images[i])),
          ).toBe(-1);
        }
        if (!images[0].includes(`/${service.repository}:`)) sidecarFirst++;
      });
      // The trap the board must not fall into: for several services the first image is not theirs.
      expect(sidecarFirst).toBeGreaterThanOrEqual(3);
    },
  );

  it.each(CLUSTERS)(
    'keeps in %s applications without Pier labels, which no service selector finds',
    async cluster => {
      const { items } = await get(cluster, '/api/v1/applications');
      const unlabelled = items.filter(
        (a: any) => !a.metadata.labels?.['backstage.io/kubernetes-id'],
      );
      expect(unlabelled.map((a: any) => a.metadata.name).sort()).toEqual([
        'addon-cert-manager',
        'addon-istiod',
        'cluster-addons',
      ]);
      expect(
        unlabelled.some(
          (a: any) => a.spec.sources && !a.spec.source && !a.metadata.labels,
        ),
      ).toBe(true);
      for (const service of sim.scenario.services) {
        const { items: found } = await get(
          cluster,
          `/api/v1/applications?selector=${encodeURIComponent(
            `backstage.io/kubernetes-id=${service.name}`,
          )}`,
        );
        expect(found.map((a: any) => a.metadata.name)).toEqual([
          `${service.name}-${cluster}`,
        ]);
      }
    },
  );
});
