import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

// Link only to pages that exist; each new Pier page adds its line here.
const welcome = `
Pier is the developer portal for our two EKS clusters, **prod** and **nonprod**.
Everything on the platform is code (Terraform and Argo CD); Pier shows what that code runs and who
owns it, and lets you add to it safely.

#### Developers
[Create](/create) a service, a Terraform module or an Argo CD app from a form: every file is
generated and validated before anything is published, and the infrastructure change goes to review.
Find the service you work on in the [catalog](/catalog?filters%5Bkind%5D=component).

#### Reviewers
The [deployments board](/deployments) shows which version runs in each cluster, whether Argo CD is
in sync and healthy, and what waits for review. A service's own page has the same per cluster in its
Deployments tab, next to its Kubernetes, Datadog and Security tabs.

#### Leads
[Cost](/cost): what each cluster, team and service costs, and what spot, Graviton and consolidation
save. [Security](/security): open findings by team and service, the ones running in a cluster first,
and SLA breaches. [Teams](/catalog?filters%5Bkind%5D=group) and what each one owns.
`;

const welcomeWidget = HomePageWidgetBlueprint.make({
  name: 'welcome',
  params: {
    name: 'PierWelcome',
    title: 'What Pier is for',
    description: 'Who Pier serves and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={welcome} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [welcomeWidget],
});
