import { screen } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import type {
  NavContentNavItem,
  NavContentNavItems,
} from '@backstage/plugin-app-react';
import { SWRConfig } from 'swr';
import { PierSidebar } from './Sidebar';

/** The pages Pier installs, as the app hands them to the nav (extension id, title, path). */
const PAGES: Array<[string, string, string]> = [
  ['page:home', 'Home', '/'],
  ['page:catalog', 'Catalog', '/catalog'],
  ['page:scaffolder', 'Create', '/create'],
  ['page:deployments', 'Deployments', '/deployments'],
  ['page:platform-cost', 'Cost', '/cost'],
  ['page:security-findings', 'Security', '/security'],
  ['page:search', 'Search', '/search'],
  ['page:user-settings', 'Settings', '/settings'],
];

/** The app's nav item collection (take/rest) over PAGES, fresh for each render as in the app. */
function navItemsOf(): NavContentNavItems {
  const all: NavContentNavItem[] = PAGES.map(([id, title, href]) => ({
    node: { spec: { id } } as any,
    title,
    href,
    icon: <span />,
    routeRef: {} as any,
  }));
  const collection = (left: NavContentNavItem[]): NavContentNavItems => {
    const take = (id: string) => {
      const i = left.findIndex(item => item.node.spec.id === id);
      return i < 0 ? undefined : left.splice(i, 1)[0];
    };
    return {
      take,
      rest: () => left,
      clone: () => collection([...left]),
      withComponent: Component => ({
        take: id => {
          const item = take(id);
          return item ? <Component key={id} {...item} /> : null;
        },
        rest: () =>
          [...left]
            .sort((a, b) => a.title.localeCompare(b.title))
            .map(item => <Component key={item.node.spec.id} {...item} />),
      }),
    };
  };
  // PierSidebar calls withComponent once per render: start each render from every page
  return {
    ...collection(all),
    withComponent: Component => collection([...all]).withComponent(Component),
  };
}

/** What the server's policy answers for a persona (the permission names it allows). */
async function renderSidebarFor(allowed: string[]) {
  const asked: string[] = [];
  // usePermission caches decisions (stale-while-revalidate): each persona starts with none
  await renderInTestApp(
    <SWRConfig value={{ provider: () => new Map() }}>
      <PierSidebar navItems={navItemsOf()} />
    </SWRConfig>,
    {
      apis: [
        mockApis.permission({
          authorize: (request: EvaluatePermissionRequest) => {
            asked.push(request.permission.name);
            return allowed.includes(request.permission.name)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY;
          },
        }),
      ],
    },
  );
  return asked;
}

// The first render loads the app's lazy modules: on a loaded CI machine that took over 1 s.
const LOADED = { timeout: 15_000 };

const link = (name: string) => screen.queryByRole('link', { name });

describe('the sidebar', () => {
  it('shows a junior developer Create, not Cost or Security', async () => {
    const asked = await renderSidebarFor(['scaffolder.task.create']);
    expect(
      await screen.findByRole('link', { name: 'Create' }, LOADED),
    ).toBeVisible();
    for (const everyone of ['Home', 'Catalog', 'Deployments']) {
      expect(link(everyone)).toBeVisible();
    }
    expect(link('Cost')).toBeNull();
    expect(link('Security')).toBeNull();
    expect(asked.sort()).toEqual([
      'platform-cost.dashboard.read',
      'scaffolder.task.create',
      'security-findings.dashboard.read',
    ]);
  });

  it('shows a lead Cost and Security, not Create', async () => {
    await renderSidebarFor([
      'platform-cost.dashboard.read',
      'security-findings.dashboard.read',
    ]);
    expect(
      await screen.findByRole('link', { name: 'Cost' }, LOADED),
    ).toBeVisible();
    expect(link('Security')).toBeVisible();
    expect(link('Create')).toBeNull();
    expect(link('Deployments')).toBeVisible();
  });
});
