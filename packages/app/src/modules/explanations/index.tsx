import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import kubernetesPlugin from '@backstage/plugin-kubernetes/alpha';
import deploymentsPlugin from '@internal/plugin-deployments';
import { EntityExplanationsCard } from '@internal/plugin-service-overview';

/** The tab's own content with the service's explanations above it. */
function* withExplanations(
  output: Iterable<{ id: string; value: unknown }>,
): Generator<any> {
  for (const data of output) {
    if (data.id === coreExtensionData.reactElement.id) {
      yield coreExtensionData.reactElement(
        <>
          <EntityExplanationsCard />
          {data.value as JSX.Element}
        </>,
      );
    } else {
      yield data;
    }
  }
}

/**
 * What is wrong and how to fix it (plugins/service-overview) on the tabs a junior opens when a
 * deploy fails: above Backstage's Kubernetes content and Pier's Deployments tab, which stay as
 * their plugins draw them.
 */
export const explanationsModules = [
  createFrontendModule({
    pluginId: 'kubernetes',
    extensions: [
      kubernetesPlugin
        .getExtension('entity-content:kubernetes/kubernetes')
        .override({
          *factory(originalFactory) {
            yield* withExplanations(originalFactory());
          },
        }),
    ],
  }),
  createFrontendModule({
    pluginId: 'deployments',
    extensions: [
      deploymentsPlugin.getExtension('entity-content:deployments').override({
        *factory(originalFactory) {
          yield* withExplanations(originalFactory());
        },
      }),
    ],
  }),
];
