import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the component a template has just published, as Pier itself.
 *
 * Registering Locations is the platform team's (the permission policy); a junior's task may still
 * register the one thing its own run published. The run was owner-checked when its task was
 * created, the repository was created by the run's publish step (which fails for an existing
 * one), and this action registers exactly that repository's `catalog-info.yaml`
 * (`catalogInfoUrlOf`, the publishing target's URL), never a URL a form or a file names.
 * Whatever kinds the file may later hold beyond services are refused by `catalog.rules`
 * (Locations, Templates, Users and Groups only from Pier's own catalog-info.yaml).
 */
export function createRegisterComponentAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  catalogInfoUrlOf: (repository: string) => string;
}) {
  const { catalog, auth, catalogInfoUrlOf } = options;
  return createTemplateAction({
    id: 'pier:catalog:register',
    description:
      "Registers the catalog-info.yaml of the repository this run published, as Pier's service principal",
    supportsDryRun: true,
    schema: {
      input: {
        repository: z =>
          z
            .string({ description: 'The repository this run published' })
            .regex(/^[a-z][a-z0-9-]*$/, 'a repository name (a DNS label)'),
      },
      output: {
        entityRef: z => z.string().optional(),
        catalogInfoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const { repository } = ctx.input;
      if (!/^[a-z][a-z0-9-]*$/.test(repository)) {
        throw new InputError(
          `Pier registers only a repository its template published, not '${repository}'`,
        );
      }
      const target = catalogInfoUrlOf(repository);
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        ctx.logger.info(`Would register ${target} in the catalog`);
        return;
      }
      const credentials = await auth.getOwnServiceCredentials();
      const location = { type: 'url', target };
      await catalog.addLocation(location, { credentials }).catch(error => {
        // Registered before (a re-run): what it holds is read below all the same.
        if (!isConflict(error)) throw error;
      });
      // The catalog answers a registration before it has read the file: a dry run says what the
      // location holds (as the scaffolder's own catalog:register does).
      const result = await catalog.addLocation(
        { ...location, dryRun: true },
        { credentials },
      );
      const component =
        result.entities.find(e => e.kind === 'Component') ??
        result.entities.find(e => e.kind !== 'Location');
      if (component) {
        const entityRef = stringifyEntityRef(component);
        ctx.output('entityRef', entityRef);
        ctx.logger.info(`Registered ${entityRef} from ${target}`);
      }
    },
  });
}

function isConflict(error: any): boolean {
  return (
    error?.name === 'ConflictError' ||
    error?.cause?.name === 'ConflictError' ||
    error?.statusCode === 409 ||
    error?.response?.status === 409
  );
}
