import { NotAllowedError, isError } from '@backstage/errors';
import { createSignInResolverFactory } from '@backstage/plugin-auth-node';
import { ACCESS_CONTACT } from '@internal/access-policy';

/** What Pier says to someone the company IdP knows and Pier's catalog does not. */
export function notAPierUserMessage(email: string) {
  return `${email} is not a Pier user: no User in Pier's catalog has this e-mail address. Ask ${ACCESS_CONTACT} to add you.`;
}

/**
 * Pier's one sign-in resolver, locally and in production: the catalog User whose
 * `spec.profile.email` is the IdP's verified e-mail. Anyone else is refused with a message that
 * names the e-mail (the stock `emailMatchingUserEntityProfileEmail` ends in a generic "unable to
 * resolve user identity"), and nothing is created.
 */
export const emailMatchingCatalogUser = createSignInResolverFactory({
  create() {
    return async (info, ctx) => {
      // The oidc module's profile has the e-mail only when the IdP says it is verified; Pier
      // checks the IdP's claim itself too, so a custom profile transform cannot loosen it.
      const claims = (
        info.result as {
          fullProfile?: { userinfo?: { email_verified?: unknown } };
        }
      )?.fullProfile?.userinfo;
      const email =
        claims?.email_verified === true ? info.profile.email : undefined;
      if (!email) {
        throw new NotAllowedError(
          'The company sign-in service did not send a verified e-mail address, which Pier needs to find you in its catalog.',
        );
      }
      try {
        return await ctx.signInWithCatalogUser({
          filter: { 'spec.profile.email': email },
        });
      } catch (error) {
        if (isError(error) && error.name === 'NotFoundError') {
          throw new NotAllowedError(notAPierUserMessage(email));
        }
        throw error;
      }
    };
  },
});
