import { ReactNode } from 'react';
import { Content, Header, Page, Progress } from '@backstage/core-components';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { explainRefusal } from '@internal/access-policy';
import { RefusedPanel } from './RefusedPanel';

/** @public */
export type RequireAccessProps = (
  | { permission: BasicPermission; resourceRef?: never }
  | { permission: ResourcePermission; resourceRef: string | undefined }
) & {
  /** What is refused, e.g. "The organisation-wide cost dashboard". */
  what?: string;
  /** When it guards a whole page of another plugin: the refusal gets a page with this title. */
  pageTitle?: string;
  children: ReactNode;
};

/**
 * Renders its children only when the server's permission policy allows the signed-in person the
 * permission; otherwise the {@link RefusedPanel} with the table's refusal text for it. The
 * decision is the server's (`/api/permission/authorize`); only the words come from the table.
 *
 * @public
 */
export function RequireAccess(props: RequireAccessProps) {
  const { permission, resourceRef, what, pageTitle, children } = props;
  const { loading, allowed } = usePermission(
    permission.type === 'resource'
      ? { permission: permission as ResourcePermission, resourceRef }
      : { permission: permission as BasicPermission },
  );
  if (loading) return <Progress />;
  if (!allowed) {
    const panel = (
      <RefusedPanel reason={explainRefusal(permission.name)} what={what} />
    );
    return pageTitle ? (
      <Page themeId="tool">
        <Header title={pageTitle} />
        <Content>{panel}</Content>
      </Page>
    ) : (
      panel
    );
  }
  return <>{children}</>;
}
