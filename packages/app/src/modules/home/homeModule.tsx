import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

// Link only to pages that exist; each new Pier page adds its line here.
const welcome = `
Pier is the developer portal for our two EKS clusters, **prod** and **nonprod**.
Everything on the platform is code (Terraform and Argo CD); Pier shows what that code runs and who owns it.

#### Developers
Find the service you work on, its owner and its system in the
[catalog](/catalog?filters%5Bkind%5D=component).

#### Reviewers
Open any component to see its owner, system and relations; the
[EKS platform system](/catalog/default/system/eks-platform) holds both clusters.

#### Leads
See [teams](/catalog?filters%5Bkind%5D=group) and what each one owns.
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
