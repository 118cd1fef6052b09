import { ReactNode } from 'react';
import { Link } from '@backstage/core-components';
import {
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';

/** The name part of an entity ref: `group:default/team-a` → `team-a`. @public */
export function refName(ref: string | undefined): string {
  if (!ref) return '';
  return ref.replace(/^[^:]+:/, '').replace(/^[^/]+\//, '');
}

/** @public */
export interface EntityLinkProps {
  /** `kind:namespace/name`, as the backends send it. */
  entityRef: string;
  /** A tab of the entity's page to open: `security` → `/catalog/default/component/cart/security`. */
  tab?: string;
  /** The text; the ref's name when neither it nor children are given. */
  title?: string;
  children?: ReactNode;
}

/**
 * A link to an entity's catalog page through the catalog's own route (`EntityRefLink`'s
 * `useEntityRefLink`), so it follows wherever the app mounts the catalog.
 *
 * @public
 */
export function EntityLink(props: EntityLinkProps) {
  const content = props.children ?? props.title ?? refName(props.entityRef);
  if (!props.tab) {
    return <EntityRefLink entityRef={props.entityRef}>{content}</EntityRefLink>;
  }
  return (
    <EntityTabLink entityRef={props.entityRef} tab={props.tab}>
      {content}
    </EntityTabLink>
  );
}

function EntityTabLink(props: {
  entityRef: string;
  tab: string;
  children: ReactNode;
}) {
  const page = useEntityRefLink()(props.entityRef).replace(/\/$/, '');
  return (
    <Link to={`${page}/${encodeURIComponent(props.tab)}`}>
      {props.children}
    </Link>
  );
}
