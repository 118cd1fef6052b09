import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  addFiles,
  cloneRepo,
  commitAndPushBranch,
  createBranch,
  createTemplateAction,
  getRepoSourceDirectory,
} from '@backstage/plugin-scaffolder-node';
import { ConflictError } from '@backstage/errors';
import { LocalGitHost } from '../services/localGitHost';

/**
 * `publish:github:pull-request`'s job against the local git host: the generated files, copied into
 * the infra/GitOps repository on a new branch, wait there for a reviewer to merge them.
 */
export function createProposeChangeAction(options: {
  host: LocalGitHost;
  repository: string;
  defaultBranch: string;
  changeUrl: (branch: string) => string;
}) {
  return createTemplateAction({
    id: 'pier:change:propose',
    description:
      'Proposes the workspace (or sourcePath) as a branch of the infra/GitOps repository on the local git host',
    schema: {
      input: {
        branchName: z => z.string({ description: 'Branch of the change' }),
        title: z => z.string({ description: 'Commit message / change title' }),
        sourcePath: z =>
          z
            .string({ description: 'Workspace sub-directory to propose' })
            .optional(),
      },
      output: {
        changeUrl: z => z.string(),
        commitHash: z => z.string(),
      },
    },
    async handler(ctx) {
      const { branchName, title, sourcePath } = ctx.input;
      const { host, repository, defaultBranch } = options;
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'pier-change-'));
      try {
        await cloneRepo({
          url: host.cloneUrl(repository),
          dir,
          auth: options.host.auth,
          logger: ctx.logger,
          ref: defaultBranch,
        });
        const existing = await fetch(options.changeUrl(branchName));
        if (existing.ok) {
          throw new ConflictError(
            `A change named ${branchName} already exists in ${repository}: it was proposed before`,
          );
        }
        await createBranch({ dir, ref: branchName, auth: options.host.auth });
        await fs.cp(
          getRepoSourceDirectory(ctx.workspacePath, sourcePath),
          dir,
          {
            recursive: true,
          },
        );
        await addFiles({ dir, filepath: '.', auth: options.host.auth });
        const { commitHash } = await commitAndPushBranch({
          dir,
          auth: options.host.auth,
          logger: ctx.logger,
          commitMessage: title,
          gitAuthorInfo: { name: 'Pier', email: 'pier@localhost' },
          branch: branchName,
        });
        ctx.logger.info(
          `Proposed ${branchName} in ${repository} at ${commitHash}`,
        );
        ctx.output('changeUrl', options.changeUrl(branchName));
        ctx.output('commitHash', commitHash);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  });
}
