/**
 * Pier's sign-in through the company IdP (OIDC), the same locally and in production.
 *
 * @packageDocumentation
 */
export { authModulePierOidc as default } from './module';
export {
  emailMatchingCatalogUser,
  notAPierUserMessage,
} from './signInResolver';
export { pierOidcAuthenticator, idpUnreachableMessage } from './authenticator';
