import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { ServiceOverviewClient, serviceOverviewApiRef } from './api';

const serviceOverviewApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: serviceOverviewApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ServiceOverviewClient({ discoveryApi, fetchApi }),
    }),
});

/** First on a Component's Overview tab (its place: app-config.yaml, app.extensions). */
const serviceOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'content',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/ServiceOverviewCard').then(m => (
        <m.ServiceOverviewCard />
      )),
  },
});

/**
 * The service overview: per cluster, is the service deployed, healthy, safe and affordable, and
 * did the last deploy make it worse.
 *
 * @public
 */
export const serviceOverviewPlugin = createFrontendPlugin({
  pluginId: 'service-overview',
  title: 'Service overview',
  extensions: [serviceOverviewApi, serviceOverviewCard],
});
