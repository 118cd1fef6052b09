import { AuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';

/**
 * Registers the component a template has just published, as Pier itself.
 *
 * Registering Locations is the platform team's (the permission policy); a junior's task may still
 * register the one thing its own run published. So the task's run was owner-checked when it was
 * created, and this action registers only a `catalog-info.yaml` under the publishing target
 * (`publishedUnder`: the local git host or the GitHub org), never an arbitrary URL. A Template in
 * it is refused by `catalog.rules` (Templates only from Pier's own catalog-info.yaml).
 */
export function createRegisterComponentAction(options: {
  catalog: CatalogService;
  auth: AuthService;
  publishedUnder: string;
}) {
  const { catalog, auth, publishedUnder } = options;
  return createTemplateAction({
    id: 'pier:catalog:register',
    description:
      "Registers the catalog-info.yaml this run published (only under the publishing target), as Pier's service principal",
    supportsDryRun: true,
    schema: {
      input: {
        catalogInfoUrl: z =>
          z.string({
            description: 'URL of the published catalog-info.yaml',
          }),
      },
      output: {
        entityRef: z => z.string().optional(),
        catalogInfoUrl: z => z.string(),
      },
    },
    async handler(ctx) {
      const target = normalisedUnder(ctx.input.catalogInfoUrl, publishedUnder);
      if (!target) {
        throw new InputError(
          `Pier registers only what its templates publish under ${publishedUnder}, not ${ctx.input.catalogInfoUrl}`,
        );
      }
      ctx.output('catalogInfoUrl', target);
      if (ctx.isDryRun) {
        ctx.logger.info(`Would register ${target} in the catalog`);
        return;
      }
      const credentials = await auth.getOwnServiceCredentials();
      const location = { type: 'url', target };
      const result = await catalog
        .addLocation(location, { credentials })
        .catch(async (error: any) => {
          // Registered before (a re-run): read what it holds instead.
          const conflict =
            error?.name === 'ConflictError' ||
            error?.cause?.name === 'ConflictError' ||
            error?.statusCode === 409 ||
            error?.response?.status === 409;
          if (!conflict) throw error;
          return catalog.addLocation(
            { ...location, dryRun: true },
            { credentials },
          );
        });
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

/** The URL as the catalog will read it (dot segments resolved), if it is under the prefix. */
function normalisedUnder(url: string, prefix: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const base = new URL(prefix.endsWith('/') ? prefix : `${prefix}/`);
  const under =
    parsed.origin === base.origin &&
    parsed.pathname.startsWith(base.pathname) &&
    !parsed.username &&
    !parsed.password;
  return under ? parsed.href : undefined;
}
