import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import {
  NavContentBlueprint,
  NavContentComponentProps,
  NavContentNavItem,
} from '@backstage/plugin-app-react';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import MenuIcon from '@material-ui/icons/Menu';
import SearchIcon from '@material-ui/icons/Search';
import { SidebarSearchModal } from '@backstage/plugin-search';
import { UserSettingsSignInAvatar } from '@backstage/plugin-user-settings';
import { SidebarLogo } from './SidebarLogo';
import { PAGE_PERMISSIONS } from './pagePermissions';

const Item = ({ item }: { item: NavContentNavItem }) => (
  <SidebarItem icon={() => item.icon} to={item.href} text={item.title} />
);

/** Shown once the server allows it; nothing while it decides, so a refused page never flickers in. */
const PermittedItem = (props: {
  item: NavContentNavItem;
  permission: BasicPermission;
}) => {
  const { allowed } = usePermission({ permission: props.permission });
  return allowed ? <Item item={props.item} /> : null;
};

const NavItem = (item: NavContentNavItem) => {
  const permission = PAGE_PERMISSIONS[item.node.spec.id];
  return permission ? (
    <PermittedItem item={item} permission={permission} />
  ) : (
    <Item item={item} />
  );
};

/**
 * Pier's sidebar. Items come from the pages that are installed (`navItems`),
 * so a page that does not exist never gets an entry, and a page the person
 * may not open (PAGE_PERMISSIONS, decided by the server) gets none either.
 */
export function PierSidebar({ navItems }: NavContentComponentProps) {
  const nav = navItems.withComponent(NavItem);
  nav.take('page:search'); // reached through the search modal instead

  return (
    <Sidebar>
      <SidebarLogo />
      <SidebarGroup label="Search" icon={<SearchIcon />} to="/search">
        <SidebarSearchModal />
      </SidebarGroup>
      <SidebarDivider />
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        {nav.take('page:home')}
        {nav.take('page:catalog')}
        {nav.take('page:scaffolder')}
        <SidebarDivider />
        <SidebarScrollWrapper>
          {nav.rest({ sortBy: 'title' })}
        </SidebarScrollWrapper>
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
      <SidebarGroup
        label="Settings"
        icon={<UserSettingsSignInAvatar />}
        to="/settings"
      >
        {nav.take('page:user-settings')}
      </SidebarGroup>
    </Sidebar>
  );
}

export const SidebarContent = NavContentBlueprint.make({
  params: { component: PierSidebar },
});
