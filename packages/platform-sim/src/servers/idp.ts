import { generateKeyPairSync, randomBytes } from 'node:crypto';
import {
  IncomingMessage,
  Server,
  ServerResponse,
  createServer,
} from 'node:http';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { SIM_OIDC_CLIENT_ID, SIM_OIDC_CLIENT_SECRET } from '../credentials';
import { memoryAdapterFactory } from '../idp/memoryAdapter';
import { IdpPerson } from '../idp/people';
import { errorPage, loginPage } from '../idp/pages';
import { FaultRegistry } from './faults';

/**
 * Where Backstage's `oidc` auth provider receives the answer: any loopback backend, whatever its
 * port (start.sh's 7007, test.sh's 7107/7108/7109, helpers' throwaway backends), so no list of
 * ports has to be kept in sync with the scripts.
 */
export const SIM_OIDC_REDIRECT_URI_PATTERN =
  /^http:\/\/(127\.0\.0\.1|localhost):\d{1,5}\/api\/auth\/oidc\/handler\/frame$/;

/** Scopes the sim client is granted without a consent step (Pier is a first-party app). */
const GRANTED_SCOPES = 'openid email profile offline_access';

export interface IdpApi {
  /** The issuer, e.g. `http://127.0.0.1:7311`; set once the server listens. */
  readonly issuer: string | undefined;
  readonly people: IdpPerson[];
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', c => {
      data += c;
      if (data.length > 64 * 1024) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function sendHtml(res: ServerResponse, status: number, html: string) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(html);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string | number> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

// oidc-provider is an ES module. Node 22 (start.sh, test.sh) and Jest's default pass load it with
// require() (Node's require(esm); Jest transforms it); Jest's --experimental-vm-modules pass
// (packages/backend's tests) treats it as native ESM, which only import() can load, and import()
// is refused in the default pass. So: require() first, import() when that is refused.
let oidc: typeof import('oidc-provider') | undefined;

/** Loads oidc-provider once; the IdP server needs it loaded before its issuer is set. */
export async function loadOidcProvider() {
  if (!oidc) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      oidc = require('oidc-provider') as typeof import('oidc-provider');
    } catch {
      oidc = await import('oidc-provider');
    }
  }
  return oidc;
}

function createProvider(issuer: string, people: IdpPerson[]): Provider {
  if (!oidc) throw new Error('loadOidcProvider() was not awaited');
  const { default: OidcProvider, interactionPolicy } = oidc;
  const bySub = new Map(people.map(p => [p.sub, p]));
  // A signing key per run: nothing outlives the simulator (sessions and tokens are in memory).
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = {
    ...privateKey.export({ format: 'jwk' }),
    kid: `sim-${randomBytes(4).toString('hex')}`,
    alg: 'RS256',
    use: 'sig',
  };

  // Every sign-in shows the people list (a demo IdP is for switching people), even when the
  // browser still has a session with the IdP; the check is satisfied by the login just made.
  const policy = interactionPolicy.base();
  policy
    .get('login')!
    .checks.push(
      new interactionPolicy.Check(
        'pick_person',
        'the local IdP asks who you are on every sign-in',
        ctx =>
          ctx.oidc.result?.login
            ? interactionPolicy.Check.NO_NEED_TO_PROMPT
            : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(),
    clients: [
      {
        client_id: SIM_OIDC_CLIENT_ID,
        client_secret: SIM_OIDC_CLIENT_SECRET,
        client_name: 'Pier (local)',
        // Any loopback backend is accepted too: see SIM_OIDC_REDIRECT_URI_PATTERN.
        redirect_uris: ['http://127.0.0.1:7007/api/auth/oidc/handler/frame'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    async findAccount(_ctx, sub) {
      const person = bySub.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            email: person.email,
            email_verified: true,
            name: person.name,
          };
        },
      };
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
    },
    jwks: { keys: [signingKey as any] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    // Pier is first-party: no consent step; its grant covers the scopes Backstage asks for.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const { client, session } = ctx.oidc;
      if (
        !client ||
        !session?.accountId ||
        client.clientId !== SIM_OIDC_CLIENT_ID
      ) {
        return undefined;
      }
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        session.grantIdFor(client.clientId);
      const existing = grantId
        ? await ctx.oidc.provider.Grant.find(grantId)
        : undefined;
      const grant =
        existing ??
        new ctx.oidc.provider.Grant({
          clientId: client.clientId,
          accountId: session.accountId,
        });
      grant.addOIDCScope(GRANTED_SCOPES);
      await grant.save();
      return grant;
    },
    // Like a company IdP, a refresh token for the backend's session refresh without a consent
    // prompt (oidc-provider otherwise keeps offline_access for prompt=consent), not bound to the
    // IdP's browser session.
    async issueRefreshToken(_ctx, client) {
      return client.grantTypeAllowed('refresh_token');
    },
    async expiresWithSession() {
      return false;
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      RefreshToken: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
    },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage(
        String(out.error ?? 'error'),
        String(out.error_description ?? ''),
      );
    },
  };
  const provider = new OidcProvider(issuer, configuration);
  // The sim client may come back to any loopback backend (SIM_OIDC_REDIRECT_URI_PATTERN).
  const redirectUriAllowed = provider.Client.prototype.redirectUriAllowed;
  provider.Client.prototype.redirectUriAllowed = function allowed(
    this: InstanceType<Provider['Client']>,
    value: string,
  ) {
    return (
      (this.clientId === SIM_OIDC_CLIENT_ID &&
        SIM_OIDC_REDIRECT_URI_PATTERN.test(value)) ||
      redirectUriAllowed.call(this, value)
    );
  };
  return provider;
}

/**
 * The company IdP, simulated: a real OpenID Connect provider (`oidc-provider`) whose login page
 * lists the demo people. Faults (`idp`) apply to every route, so "the IdP is down" can be tried.
 */
export function createIdpServer(options: {
  people: IdpPerson[];
  faults: FaultRegistry;
}): { server: Server; api: IdpApi; setIssuer(issuer: string): void } {
  const { people, faults } = options;
  let provider: Provider | undefined;
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;

  async function interaction(
    p: Provider,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
  ) {
    const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!m) {
      sendHtml(res, 404, errorPage('Not found', url.pathname));
      return;
    }
    let details;
    try {
      details = await p.interactionDetails(req, res);
    } catch (e) {
      sendHtml(
        res,
        400,
        errorPage(
          'This sign-in has expired',
          `${(e as Error).message}. Start again from Pier's sign-in page.`,
        ),
      );
      return;
    }
    if (details.uid !== decodeURIComponent(m[1])) {
      sendHtml(
        res,
        400,
        errorPage('Wrong sign-in', 'The link does not match this sign-in.'),
      );
      return;
    }
    if (!m[2]) {
      if (req.method !== 'GET') {
        sendHtml(res, 405, errorPage('Method not allowed', req.method ?? ''));
        return;
      }
      const client = await p.Client.find(String(details.params.client_id));
      sendHtml(
        res,
        200,
        loginPage({
          uid: details.uid,
          clientName: client?.clientName ?? String(details.params.client_id),
          people,
        }),
      );
      return;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, errorPage('Method not allowed', req.method ?? ''));
      return;
    }
    const sub = new URLSearchParams(await readBody(req)).get('sub') ?? '';
    if (!people.some(person => person.sub === sub)) {
      sendHtml(res, 400, errorPage('Unknown person', `No demo person ${sub}.`));
      return;
    }
    await p.interactionFinished(
      req,
      res,
      { login: { accountId: sub } },
      { mergeWithLastSubmission: false },
    );
  }

  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const decision = faults.decide('idp', url.pathname);
      if (decision.latencyMs > 0) {
        await new Promise(r => setTimeout(r, decision.latencyMs));
      }
      switch (decision.kind) {
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          req.resume();
          return;
        case 'error':
          sendJson(res, decision.status, {
            error: 'temporarily_unavailable',
            error_description: `injected fault: status ${decision.status}`,
          });
          return;
        case 'throttle':
          sendJson(
            res,
            429,
            {
              error: 'temporarily_unavailable',
              error_description: 'throttled',
            },
            { 'retry-after': decision.retryAfter },
          );
          return;
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"');
          return;
        case 'empty':
          // A discovery document, key set or token answer without any of its fields.
          sendJson(res, 200, {});
          return;
        // 'drop': the IdP's answers hold no lists worth cutting; they pass unchanged.
        default:
      }
      if (!provider || !handle) {
        sendJson(res, 503, { error: 'temporarily_unavailable' });
        return;
      }
      if (url.pathname.startsWith('/interaction/')) {
        await interaction(provider, req, res, url);
        return;
      }
      handle(req, res);
    } catch (error) {
      if (!res.headersSent) {
        sendJson(res, 500, {
          error: 'server_error',
          error_description: (error as Error).message,
        });
      } else {
        res.destroy();
      }
    }
  });
  server.keepAliveTimeout = 5000;
  return {
    server,
    api: {
      get issuer() {
        return provider?.issuer;
      },
      people,
    },
    setIssuer(issuer: string) {
      provider = createProvider(issuer, people);
      handle = provider.callback();
    },
  };
}
