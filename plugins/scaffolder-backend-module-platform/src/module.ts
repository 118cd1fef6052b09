import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import * as platformValidation from '@internal/platform-validation';
import { createProposeChangeAction } from './actions/proposeChange';
import { createRegisterComponentAction } from './actions/registerComponent';
import { createPublishRepositoryAction } from './actions/publishRepository';
import { createResolvePublishingAction } from './actions/resolvePublishing';
import { createValidateFilesAction } from './actions/validateFiles';
import { createRouter, createTaskCreationGuard } from './router';
import { LocalGitHost } from './services/localGitHost';
import { createTemplateRuns } from './services/templateRuns';
import {
  publishingTarget,
  readPublishingSettings,
} from './services/publishing';

/**
 * Pier's scaffolder actions: where templates publish (GitHub in production, the local git host
 * offline) and the template files the form's preview dry-runs.
 *
 * @public
 */
export const scaffolderModulePlatform = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'platform',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        reader: coreServices.urlReader,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        userInfo: coreServices.userInfo,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        scaffolder,
        config,
        httpAuth,
        httpRouter,
        reader,
        auth,
        discovery,
        userInfo,
        auditor,
        catalog,
      }) {
        const settings = readPublishingSettings(config);
        scaffolder.addActions(
          createResolvePublishingAction(settings),
          createValidateFilesAction({ validator: platformValidation, catalog }),
          createRegisterComponentAction({
            catalog,
            auth,
            catalogInfoUrlOf: repository =>
              publishingTarget(settings, repository, '').catalogInfoUrl,
          }),
        );
        if (settings.provider === 'git') {
          const host = new LocalGitHost(settings.baseUrl, settings.token);
          scaffolder.addActions(
            createPublishRepositoryAction({
              host,
              defaultBranch: settings.defaultBranch,
            }),
            createProposeChangeAction({
              host,
              repository: settings.infraRepository,
              defaultBranch: settings.defaultBranch,
              changeUrl: branch =>
                publishingTarget(settings, undefined, branch).changeUrl,
            }),
          );
        }
        // Installed before the scaffolder's own routes (modules initialise before their plugin).
        const runs = createTemplateRuns({ catalog, auth, userInfo });
        httpRouter.use(createTaskCreationGuard({ httpAuth, auditor, runs }));
        httpRouter.use(
          await createRouter({
            httpAuth,
            auth,
            discovery,
            auditor,
            catalog,
            reader,
            runs,
          }),
        );
      },
    });
  },
});
