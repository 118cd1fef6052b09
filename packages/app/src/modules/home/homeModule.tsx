import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { PAGE_PERMISSIONS } from '../nav/pagePermissions';

/** The pages the welcome names that not everyone may open (the sidebar's PAGE_PERMISSIONS). */
const GUARDED = {
  create: ['Create', '/create', PAGE_PERMISSIONS['page:scaffolder']],
  cost: ['Cost', '/cost', PAGE_PERMISSIONS['page:platform-cost']],
  security: [
    'Security',
    '/security',
    PAGE_PERMISSIONS['page:security-findings'],
  ],
} as const;

// Link only to pages that exist; each new Pier page adds its line here. A page the person may not
// open (decided by the server) is named, not linked.
const welcome = (page: Record<keyof typeof GUARDED, string>) => `
Pier is the developer portal for our two EKS clusters, **prod** and **nonprod**.
Everything on the platform is code (Terraform and Argo CD); Pier shows what that code runs and who
owns it, and lets you add to it safely.

#### Developers
${page.create} a service, a Terraform module or an Argo CD app from a form: every file is generated
and validated before anything is published, and the infrastructure change goes to review.
Find the service you work on in the [catalog](/catalog?filters%5Bkind%5D=component).

#### Reviewers
The [deployments board](/deployments) shows which version runs in each cluster, whether Argo CD is
in sync and healthy, and what waits for review. A service's own page has the same per cluster in its
Deployments tab, next to its Kubernetes, Datadog and Security tabs.

#### Leads
${page.cost}: what each cluster, team and service costs, and what spot, Graviton and consolidation
save. ${page.security}: open findings by team and service, the ones running in a cluster first,
and SLA breaches. [Teams](/catalog?filters%5Bkind%5D=group) and what each one owns.
`;

const usePageLink = ([text, href, permission]: readonly [
  string,
  string,
  BasicPermission,
]) => (usePermission({ permission }).allowed ? `[${text}](${href})` : text);

function Welcome() {
  const page = {
    create: usePageLink(GUARDED.create),
    cost: usePageLink(GUARDED.cost),
    security: usePageLink(GUARDED.security),
  };
  return <MarkdownContent content={welcome(page)} />;
}

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'PierWelcome',
    title: 'What Pier is for',
    description: 'Who Pier serves and where to start',
    components: async () => ({
      Content: Welcome,
    }),
  },
});

const forYouWidget = HomePageWidgetBlueprint.make({
  name: 'for-you',
  params: {
    name: 'PierForYou',
    title: 'For you',
    description:
      "By who you are: your team's services and their verdicts, what waits for review, your teams' cost and security, templates and your runs",
    components: async () => {
      const { ForYou } = await import('./forYou/ForYou');
      return { Content: ForYou };
    },
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [forYouWidget, welcomeWidget],
});
