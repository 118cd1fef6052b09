import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const pierName = FormFieldBlueprint.make({
  name: 'pier-name',
  params: {
    field: () => import('./fields/PierName').then(m => m.pierNameField),
  },
});

const pierText = FormFieldBlueprint.make({
  name: 'pier-text',
  params: {
    field: () => import('./fields/PierName').then(m => m.pierTextField),
  },
});

const pierOwner = FormFieldBlueprint.make({
  name: 'pier-owner',
  params: {
    field: () => import('./fields/PierOwner').then(m => m.pierOwnerField),
  },
});

const pierPreview = FormFieldBlueprint.make({
  name: 'pier-preview',
  params: {
    field: () => import('./fields/PierPreview').then(m => m.pierPreviewField),
  },
});

/**
 * Pier's form fields for the scaffolder: names and descriptions validated as the junior types,
 * an owner chosen among the teams the server allows the person, and a preview of every generated file (dry run + validation) before anything is published.
 *
 * @public
 */
export const scaffolderModulePlatform = createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [pierName, pierText, pierOwner, pierPreview],
});
