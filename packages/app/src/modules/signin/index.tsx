import { IdentityProviders, SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  createFrontendModule,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';

const oidcProvider = {
  id: 'oidc',
  title: 'Company SSO',
  message: 'Sign in with your company account',
  apiRef: oidcAuthApiRef,
};

/** Maps `pier.signIn.providers` to the sign-in page's providers; unknown ids are ignored. */
export function signInProviders(configured: string[] = ['guest']) {
  const providers: IdentityProviders = configured.flatMap(
    (id): IdentityProviders => {
      if (id === 'guest') return ['guest'];
      if (id === 'oidc') return [oidcProvider];
      return [];
    },
  );
  if (providers.length === 0) {
    throw new Error(
      `pier.signIn.providers lists no known sign-in method (${configured.join(', ')}); use guest or oidc`,
    );
  }
  return providers;
}

/**
 * Offers the sign-in methods listed in `pier.signIn.providers`: `guest` locally
 * (app-config.yaml), `oidc` in production (app-config.production.yaml).
 */
export const PierSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const providers = signInProviders(
    config.getOptionalStringArray('pier.signIn.providers'),
  );
  return (
    <SignInPage
      {...props}
      title="Welcome to Pier"
      align="center"
      providers={providers}
    />
  );
};

const signInPage = SignInPageBlueprint.make({
  params: { loader: async () => PierSignInPage },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage, oidcAuthApi],
});
