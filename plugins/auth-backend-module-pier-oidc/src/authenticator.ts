import { ServiceUnavailableError } from '@backstage/errors';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { createOAuthAuthenticator } from '@backstage/plugin-auth-node';
import { ACCESS_CONTACT } from '@internal/access-policy';

/** OAuth's error code for an authorization server that cannot answer now (RFC 6749 §4.1.2.1). */
const UNAVAILABLE = 'temporarily_unavailable';

/** How long sign-in waits for the IdP's metadata before calling it unreachable. */
const PROBE_TIMEOUT_MS = 3000;

type OidcContext = ReturnType<typeof oidcAuthenticator.initialize>;

/** What the sign-in page says when the company IdP does not answer. */
export function idpUnreachableMessage(metadataUrl: string) {
  return `The company sign-in service (${
    new URL(metadataUrl).origin
  }) is unreachable, so nobody can sign in to Pier right now. Try again in a few minutes; if it lasts, tell ${ACCESS_CONTACT}.`;
}

async function probe(metadataUrl: string) {
  const res = await fetch(metadataUrl, {
    signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`HTTP ${res.status} from ${metadataUrl}`);
}

/**
 * The oidc auth module's own authenticator (openid-client: discovery, PKCE, state, nonce, id_token
 * and userinfo), with two things it lacks:
 *
 * - an IdP that is down when sign-in starts: instead of sending the popup to an address that does
 *   not answer (the page would wait until the popup is closed), the popup comes straight back to
 *   Pier's handler with `error=temporarily_unavailable`, and the sign-in page shows
 *   {@link idpUnreachableMessage};
 * - an IdP that was down when Pier started: its discovery is retried on the next sign-in instead
 *   of failing until Pier restarts.
 */
export const pierOidcAuthenticator = createOAuthAuthenticator({
  defaultProfileTransform: oidcAuthenticator.defaultProfileTransform,
  scopes: oidcAuthenticator.scopes,
  initialize({ callbackUrl, config }) {
    const metadataUrl = config.getString('metadataUrl');
    const discover = (): OidcContext => {
      const ctx = oidcAuthenticator.initialize({ callbackUrl, config });
      ctx.promise.catch(() => {}); // reported by the sign-in that needs it
      return ctx;
    };
    let inner = discover();
    return {
      metadataUrl,
      callbackUrl,
      async ready(): Promise<OidcContext> {
        try {
          await inner.promise;
        } catch {
          inner = discover();
          await inner.promise;
        }
        return inner;
      },
    };
  },
  async start(input, ctx) {
    let inner: OidcContext;
    try {
      await probe(ctx.metadataUrl);
      inner = await ctx.ready();
    } catch (error) {
      const back = new URL(ctx.callbackUrl);
      back.searchParams.set('state', input.state);
      back.searchParams.set('error', UNAVAILABLE);
      back.searchParams.set(
        'error_description',
        `the IdP did not answer: ${(error as Error).message}`,
      );
      return { url: back.toString() };
    }
    return oidcAuthenticator.start(input, inner);
  },
  async authenticate(input, ctx) {
    if (input.req.query.error === UNAVAILABLE) {
      throw new ServiceUnavailableError(idpUnreachableMessage(ctx.metadataUrl));
    }
    return oidcAuthenticator.authenticate(input, await ctx.ready());
  },
  async refresh(input, ctx) {
    return oidcAuthenticator.refresh(input, await ctx.ready());
  },
  async logout(input, ctx) {
    await oidcAuthenticator.logout?.(input, await ctx.ready());
  },
});
