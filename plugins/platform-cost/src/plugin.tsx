import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { KUBERNETES_ID_ANNOTATION } from '@internal/catalog-annotations';
import MoneyIcon from '@material-ui/icons/AttachMoney';
import { PlatformCostClient, platformCostApiRef } from './api';

/** @public */
export const rootRouteRef = createRouteRef();

const platformCostApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: platformCostApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PlatformCostClient({ discoveryApi, fetchApi }),
    }),
});

// The page's title and icon give it its sidebar item (packages/app/src/modules/nav).
const costPage = PageBlueprint.make({
  params: {
    path: '/cost',
    title: 'Cost',
    icon: <MoneyIcon />,
    routeRef: rootRouteRef,
    loader: () => import('./components/CostPage').then(m => <m.CostPage />),
  },
});

const entityCostCard = EntityCardBlueprint.make({
  name: 'cost',
  params: {
    filter: entity =>
      entity.kind === 'Component' &&
      !!entity.metadata.annotations?.[KUBERNETES_ID_ANNOTATION],
    loader: () =>
      import('./components/EntityCostCard').then(m => <m.EntityCostCard />),
  },
});

/**
 * Platform cost: the leads' dashboard (/cost) and each service's cost card.
 *
 * @public
 */
export const platformCostPlugin = createFrontendPlugin({
  pluginId: 'platform-cost',
  title: 'Cost',
  icon: <MoneyIcon />,
  routes: { root: rootRouteRef },
  extensions: [platformCostApi, costPage, entityCostCard],
});
