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
  ECR_REPOSITORY_ANNOTATION,
  SECURITYHUB_FINDINGS_TAGS_ANNOTATION,
} from '@internal/catalog-annotations';
import SecurityIcon from '@material-ui/icons/Security';
import { SecurityFindingsClient, securityFindingsApiRef } from './api';

/** @public */
export const rootRouteRef = createRouteRef();

const securityFindingsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityFindingsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityFindingsClient({ discoveryApi, fetchApi }),
    }),
});

const securityPage = PageBlueprint.make({
  params: {
    path: '/security',
    title: 'Security',
    icon: <SecurityIcon />,
    routeRef: rootRouteRef,
    loader: () =>
      import('./components/SecurityPage').then(m => <m.SecurityPage />),
  },
});

const entitySecurityContent = EntityContentBlueprint.make({
  params: {
    path: 'security',
    title: 'Security',
    filter: entity =>
      !!entity.metadata.annotations?.[ECR_REPOSITORY_ANNOTATION] ||
      !!entity.metadata.annotations?.[SECURITYHUB_FINDINGS_TAGS_ANNOTATION],
    loader: () =>
      import('./components/EntitySecurityContent').then(m => (
        <m.EntitySecurityContent />
      )),
  },
});

/**
 * Security findings per service (entity tab) and for leads (the Security page).
 *
 * @public
 */
export const securityFindingsPlugin = createFrontendPlugin({
  pluginId: 'security-findings',
  title: 'Security',
  icon: <SecurityIcon />,
  routes: { root: rootRouteRef },
  extensions: [securityFindingsApi, securityPage, entitySecurityContent],
});
