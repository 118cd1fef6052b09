import { mockCredentials } from '@backstage/backend-test-utils';
import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogLocationCreatePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  taskCreatePermission,
  taskReadPermission,
  templateManagementPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { PierPermissionPolicy } from './policy';

const MEMBERS: Record<string, string[]> = {
  'user:default/ana.silva': [
    'group:default/team-payments',
    'group:default/junior-developers',
  ],
  'user:default/grace.lee': [
    'group:default/team-payments',
    'group:default/leads',
  ],
  'user:default/ivan.petrov': ['group:default/platform-team'],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const ref = (credentials.principal as { userEntityRef: string })
      .userEntityRef;
    return {
      userEntityRef: ref,
      ownershipEntityRefs: [ref, ...(MEMBERS[ref] ?? [])],
    };
  },
};

const policy = new PierPermissionPolicy(userInfo);
const as = (userEntityRef: string) => {
  const credentials = mockCredentials.user(userEntityRef);
  return {
    credentials,
    info: { userEntityRef, ownershipEntityRefs: [userEntityRef] },
  };
};

describe('PierPermissionPolicy', () => {
  it('denies a permission that is in no row of the table, even to the platform team', async () => {
    const unknown = createPermission({ name: 'made.up', attributes: {} });
    await expect(
      policy.handle({ permission: unknown }, as('user:default/ivan.petrov')),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets only the platform team register Locations', async () => {
    const permission = catalogLocationCreatePermission;
    expect(
      (await policy.handle({ permission }, as('user:default/ana.silva')))
        .result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      (await policy.handle({ permission }, as('user:default/ivan.petrov')))
        .result,
    ).toBe(AuthorizeResult.ALLOW);
  });

  it('lets owners unregister only their own entities', async () => {
    const decision = await policy.handle(
      { permission: catalogEntityDeletePermission },
      as('user:default/ana.silva'),
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        params: {
          claims: expect.arrayContaining(['group:default/team-payments']),
        },
      },
    });
  });

  it('hides platform-only Templates from everyone but the platform team', async () => {
    const ana = await policy.handle(
      { permission: catalogEntityReadPermission },
      as('user:default/ana.silva'),
    );
    expect(ana).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        not: { allOf: [{ rule: 'IS_ENTITY_KIND' }, { rule: 'HAS_LABEL' }] },
      },
    });
    const ivan = await policy.handle(
      { permission: catalogEntityReadPermission },
      as('user:default/ivan.petrov'),
    );
    expect(ivan.result).toBe(AuthorizeResult.ALLOW);
  });

  it('never gives a person the Kubernetes proxy', async () => {
    for (const who of Object.keys(MEMBERS)) {
      expect(
        (
          await policy.handle(
            { permission: kubernetesProxyPermission },
            as(who),
          )
        ).result,
      ).toBe(AuthorizeResult.DENY);
    }
  });

  it('runs templates for juniors and the platform team, tasks readable by their owner', async () => {
    expect(
      (
        await policy.handle(
          { permission: taskCreatePermission },
          as('user:default/ana.silva'),
        )
      ).result,
    ).toBe(AuthorizeResult.ALLOW);
    expect(
      (
        await policy.handle(
          { permission: taskCreatePermission },
          as('user:default/grace.lee'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
    expect(
      await policy.handle(
        { permission: taskReadPermission },
        as('user:default/grace.lee'),
      ),
    ).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      conditions: {
        rule: 'IS_TASK_OWNER',
        params: { createdBy: ['user:default/grace.lee'] },
      },
    });
    expect(
      (
        await policy.handle(
          { permission: templateManagementPermission },
          as('user:default/ana.silva'),
        )
      ).result,
    ).toBe(AuthorizeResult.DENY);
  });
});
