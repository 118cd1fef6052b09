import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { pierOidcAuthenticator } from './authenticator';
import { emailMatchingCatalogUser } from './signInResolver';

/**
 * The `oidc` sign-in provider (the company IdP; locally platform-sim's), with Pier's resolver as
 * the only one there is: `auth.providers.oidc.<env>.signIn.resolvers` may name it, and nothing
 * else can be configured in its place.
 */
export const authModulePierOidc = createBackendModule({
  pluginId: 'auth',
  moduleId: 'pier-oidc',
  register(reg) {
    reg.registerInit({
      deps: { providers: authProvidersExtensionPoint },
      async init({ providers }) {
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: pierOidcAuthenticator,
            signInResolver: emailMatchingCatalogUser(),
            signInResolverFactories: { emailMatchingCatalogUser },
          }),
        });
      },
    });
  },
});
