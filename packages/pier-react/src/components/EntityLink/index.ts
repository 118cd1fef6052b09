export { EntityLink, refName, type EntityLinkProps } from './EntityLink';
