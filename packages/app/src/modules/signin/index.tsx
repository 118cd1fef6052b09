import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  createFrontendModule,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import Typography from '@material-ui/core/Typography';
import { oidcAuthApi, oidcAuthApiRef } from './oidcAuthApi';

/** The one way into Pier: the company IdP over OIDC (locally platform-sim's IdP). */
export function companySso(environment: string | undefined) {
  return {
    id: 'oidc',
    title: 'Company SSO',
    message:
      environment === 'development'
        ? 'Sign in with your company account. Locally this is the Local IdP: pick one of the demo people.'
        : 'Sign in with your company account.',
    apiRef: oidcAuthApiRef,
  };
}

/**
 * A refused or failed sign-in, as the backend worded it: who was refused and whom to ask, or that
 * the company sign-in service is unreachable.
 */
export function SignInError({ error }: { error?: Error }) {
  if (!error) return null;
  return (
    <Typography
      role="alert"
      variant="body1"
      color="error"
      style={{ marginTop: 16 }}
    >
      {error.message}
    </Typography>
  );
}

export const PierSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  return (
    <SignInPage
      {...props}
      provider={companySso(config.getOptionalString('auth.environment'))}
      ErrorComponent={SignInError}
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
