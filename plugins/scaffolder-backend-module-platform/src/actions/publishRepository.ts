import {
  createTemplateAction,
  getRepoSourceDirectory,
  initRepoAndPush,
} from '@backstage/plugin-scaffolder-node';
import { LocalGitHost } from '../services/localGitHost';

/** `publish:github`'s job against the local git host: a new repository with the generated files. */
export function createPublishRepositoryAction(options: {
  host: LocalGitHost;
  defaultBranch: string;
}) {
  return createTemplateAction({
    id: 'pier:repo:publish',
    description:
      'Creates a repository on the local git host and pushes the workspace (or sourcePath) to it',
    schema: {
      input: {
        repository: z => z.string({ description: 'Repository name' }),
        description: z =>
          z.string({ description: 'Repository description' }).optional(),
        sourcePath: z =>
          z
            .string({ description: 'Workspace sub-directory to publish' })
            .optional(),
      },
      output: {
        remoteUrl: z => z.string(),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repository, description, sourcePath } = ctx.input;
      const { host, defaultBranch } = options;
      await ctx.checkpoint({
        key: `create-repository-${repository}`,
        fn: () => host.createRepository(repository, description ?? ''),
      });
      const { commitHash } = await initRepoAndPush({
        dir: getRepoSourceDirectory(ctx.workspacePath, sourcePath),
        remoteUrl: host.cloneUrl(repository),
        auth: options.host.auth,
        logger: ctx.logger,
        defaultBranch,
        commitMessage: 'Initial commit (Pier template)',
        gitAuthorInfo: { name: 'Pier', email: 'pier@localhost' },
      });
      ctx.logger.info(`Pushed ${repository} at ${commitHash}`);
      ctx.output('remoteUrl', host.cloneUrl(repository));
      ctx.output('commitHash', commitHash);
    },
  });
}
