import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { taskCreatePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { RequireAccess } from '@internal/access-react';

/**
 * /create for whoever may run templates (junior developers, the platform team; the server
 * decides): anyone else who opens it by URL is told why and who can grant it, instead of a form
 * whose parameters the policy hides and whose Create button the server refuses.
 */
const scaffolderPage = scaffolderPlugin
  .getExtension('page:scaffolder')
  .override({
    *factory(originalFactory) {
      for (const data of originalFactory()) {
        if (data.id === coreExtensionData.reactElement.id) {
          yield coreExtensionData.reactElement(
            <RequireAccess
              permission={taskCreatePermission}
              what="Creating services, Argo CD apps and Terraform modules from Pier's templates"
              pageTitle="Create"
            >
              {data.value as JSX.Element}
            </RequireAccess>,
          );
        } else {
          yield data as any;
        }
      }
    },
  });

export const scaffolderAccessModule = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [scaffolderPage],
});
