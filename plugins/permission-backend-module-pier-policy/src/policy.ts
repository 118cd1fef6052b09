import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  accessOf,
  PLATFORM_ONLY_LABEL,
  personasOf,
} from '@internal/access-policy';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/**
 * Pier's policy: the capability table of `@internal/access-policy`, deny by default.
 *
 * Only persons reach it: Backstage allows service principals (Pier's own plugins, static
 * external-access tokens) without asking the policy.
 *
 * @public
 */
export class PierPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return DENY;
    }
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const personas = personasOf(ownershipEntityRefs);
    const { permission } = request;

    const access = accessOf(personas, permission.name);

    // Templates labelled for the platform team are invisible to everyone else, so nobody else can
    // open or run them.
    if (
      access === 'allow' &&
      permission.name === 'catalog.entity.read' &&
      isResourcePermission(permission, 'catalog-entity') &&
      !personas.includes('platform')
    ) {
      return createCatalogConditionalDecision(permission, {
        not: {
          allOf: [
            catalogConditions.isEntityKind({ kinds: ['template'] }),
            catalogConditions.hasLabel({
              label: PLATFORM_ONLY_LABEL.key,
              value: PLATFORM_ONLY_LABEL.value,
            }),
          ],
        },
      });
    }

    switch (access) {
      case 'allow':
        return ALLOW;
      case 'owners':
        return isResourcePermission(permission, 'catalog-entity')
          ? createCatalogConditionalDecision(
              permission,
              catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
            )
          : DENY;
      case 'task-owner':
        return isResourcePermission(permission, 'scaffolder-task')
          ? createScaffolderTaskConditionalDecision(
              permission,
              scaffolderTaskConditions.isTaskOwner({
                createdBy: [userEntityRef],
              }),
            )
          : DENY;
      default:
        return DENY;
    }
  }
}
