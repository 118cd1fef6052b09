import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { isDatadogAvailable } from '@internal/plugin-datadog-apm-common';
import { DatadogApmClient, datadogApmApiRef } from './api';

const datadogApmApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: datadogApmApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DatadogApmClient({ discoveryApi, fetchApi }),
    }),
});

const entityDatadogCard = EntityCardBlueprint.make({
  name: 'datadog-apm',
  params: {
    filter: isDatadogAvailable,
    loader: () =>
      import('./components/EntityDatadog').then(m => <m.EntityDatadogCard />),
  },
});

const entityDatadogContent = EntityContentBlueprint.make({
  name: 'datadog-apm',
  params: {
    path: 'datadog',
    title: 'Datadog',
    filter: isDatadogAvailable,
    loader: () =>
      import('./components/EntityDatadog').then(m => (
        <m.EntityDatadogContent />
      )),
  },
});

/**
 * Datadog APM for catalog entities: a card on the overview and a Datadog tab.
 *
 * @public
 */
export const datadogApmPlugin = createFrontendPlugin({
  pluginId: 'datadog-apm',
  title: 'Datadog',
  extensions: [datadogApmApi, entityDatadogCard, entityDatadogContent],
});
