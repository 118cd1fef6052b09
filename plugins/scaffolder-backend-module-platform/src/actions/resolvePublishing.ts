import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { PublishingSettings, publishingTarget } from '../services/publishing';

/**
 * Works out, from config, where a template publishes: the provider (the steps that follow run
 * either `publish:github*` or the local git host's actions), and every URL the generated
 * catalog-info.yaml and the output links need, known before anything is published.
 */
export function createResolvePublishingAction(settings: PublishingSettings) {
  return createTemplateAction({
    id: 'pier:publishing:resolve',
    description:
      'Where the new repository and the infra/GitOps change go (templates.publishing), with their URLs',
    supportsDryRun: true,
    schema: {
      input: {
        repository: z =>
          z
            .string({ description: 'Name of the new repository, if any' })
            .optional(),
        changeBranch: z =>
          z.string({
            description: 'Branch that carries the infra/GitOps change',
          }),
      },
      output: {
        provider: z => z.enum(['github', 'git']),
        repoUrl: z => z.string(),
        infraRepoUrl: z => z.string(),
        infraCloneUrl: z => z.string(),
        imageRegistry: z => z.string(),
        repoBrowseUrl: z => z.string(),
        catalogInfoUrl: z => z.string(),
        changeBranch: z => z.string(),
        changeUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const target = publishingTarget(
        settings,
        ctx.input.repository,
        ctx.input.changeBranch,
      );
      for (const [key, value] of Object.entries(target)) {
        ctx.output(key as keyof typeof target, value);
      }
    },
  });
}
