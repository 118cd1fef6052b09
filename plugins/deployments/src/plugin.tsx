import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  ARGOCD_APP_NAME_ANNOTATION,
  ARGOCD_APP_SELECTOR_ANNOTATION,
} from '@internal/catalog-annotations';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import { DeploymentsClient, deploymentsApiRef } from './api';

/** @public */
export const rootRouteRef = createRouteRef();

const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

const deploymentsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    title: 'Deployments',
    icon: <DeviceHubIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/DeploymentsBoard').then(m => (
        <m.DeploymentsBoardPage />
      )),
  },
});

const entityDeploymentsContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    // The annotations Roadie's Argo CD plugin reads: either finds the service's apps.
    filter: entity =>
      !!entity.metadata.annotations?.[ARGOCD_APP_SELECTOR_ANNOTATION] ||
      !!entity.metadata.annotations?.[ARGOCD_APP_NAME_ANNOTATION],
    loader: () =>
      import('./components/EntityDeploymentsContent').then(m => (
        <m.EntityDeploymentsContent />
      )),
  },
});

/**
 * The deployments board: every service × both clusters, from Argo CD.
 *
 * @public
 */
export const deploymentsPlugin = createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <DeviceHubIcon />,
  routes: { root: rootRouteRef },
  extensions: [deploymentsApi, deploymentsPage, entityDeploymentsContent],
});
