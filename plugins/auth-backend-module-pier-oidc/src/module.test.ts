import { AddressInfo } from 'node:net';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  SIM_OIDC_CLIENT_ID,
  SIM_OIDC_CLIENT_SECRET,
  peopleFromOrgYaml,
  startPlatformSim,
} from '@internal/platform-sim';
import { authModulePierOidc } from './module';

// The whole sign-in as Pier's backend runs it: the auth plugin with this module, platform-sim's
// IdP (oidc-provider) and catalog Users; a small cookie jar stands in for the popup window.

const ORG = `
kind: Group
metadata: { name: team-payments }
spec: { type: team, profile: { displayName: Payments }, children: [] }
---
kind: User
metadata: { name: ana.silva }
spec:
  profile: { displayName: Ana Silva, email: ana.silva@example.com }
  memberOf: [team-payments]
`;

const users = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'ana.silva', namespace: 'default' },
    spec: {
      profile: { email: 'ana.silva@example.com' },
      memberOf: ['team-payments'],
    },
    relations: [{ type: 'memberOf', targetRef: 'group:default/team-payments' }],
  },
];

class Popup {
  private readonly cookies = new Map<string, string>();

  async get(url: string, init: RequestInit = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    const location = res.headers.get('location');
    return {
      res,
      location: location ? new URL(location, url).toString() : undefined,
    };
  }

  /** Follows redirects until a page answers. */
  async follow(url: string) {
    let next = await this.get(url);
    while (next.location) next = await this.get(next.location);
    return next;
  }

  /** What the popup posts to the app window (Backstage's sendWebMessageResponse). */
  static async message(res: Response) {
    const html = await res.text();
    const m = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(html);
    if (!m) throw new Error(`not an auth response: ${res.status} ${html}`);
    return JSON.parse(decodeURIComponent(m[1]));
  }
}

describe('signing in to Pier through the company IdP', () => {
  let sim: PlatformSim;
  let baseUrl: string;

  /** A Pier backend (auth plugin + this module) signing in at the sim's IdP; returns its URL. */
  async function startPier() {
    const backend = await startTestBackend({
      features: [
        authPlugin,
        authModulePierOidc,
        catalogServiceMock.factory({ entities: users }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            auth: {
              environment: 'development',
              session: { secret: 'test-session-secret' },
              providers: {
                oidc: {
                  development: {
                    metadataUrl: `${sim.urls.idp}/.well-known/openid-configuration`,
                    clientId: SIM_OIDC_CLIENT_ID,
                    clientSecret: SIM_OIDC_CLIENT_SECRET,
                    prompt: 'auto',
                    signIn: {
                      resolvers: [{ resolver: 'emailMatchingCatalogUser' }],
                    },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    return `http://localhost:${(backend.server.address() as AddressInfo).port}`;
  }

  beforeAll(async () => {
    sim = await startPlatformSim({
      ports: EPHEMERAL_PORTS,
      people: peopleFromOrgYaml(ORG),
    });
    baseUrl = await startPier();
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.faults.clear());

  /** Opens the popup at Pier's start URL, picks a person on the IdP page, returns the popup's message. */
  async function signIn(sub: string, pier = baseUrl) {
    const popup = new Popup();
    const start = `${pier}/api/auth/oidc/start?${new URLSearchParams({
      scope: 'openid profile email offline_access',
      env: 'development',
      origin: 'http://localhost:3000',
    })}`;
    const page = await popup.follow(start);
    const html = await page.res.text();
    if (!html.includes('Local IdP — demo people')) {
      return { popup, message: await Popup.message(new Response(html)) };
    }
    const action = /action="([^"]+)"/.exec(html)![1];
    const picked = await popup.get(new URL(action, sim.urls.idp).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sub }).toString(),
    });
    const done = await popup.follow(picked.location!);
    return { popup, message: await Popup.message(done.res) };
  }

  it('signs a catalog User in as that User, with their groups', async () => {
    const { message } = await signIn('ana.silva');
    expect(message.error).toBeUndefined();
    expect(message.response.profile).toMatchObject({
      email: 'ana.silva@example.com',
      displayName: 'Ana Silva',
    });
    expect(message.response.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/ana.silva',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/ana.silva',
        'group:default/team-payments',
      ]),
    });
  });

  it('keeps the session across a page reload (refresh through the IdP)', async () => {
    const { popup } = await signIn('ana.silva');
    const refreshed = await popup.get(
      `${baseUrl}/api/auth/oidc/refresh?env=development`,
      {
        headers: { 'x-requested-with': 'XMLHttpRequest' },
      },
    );
    expect(refreshed.res.status).toBe(200);
    expect(
      (await refreshed.res.json()).backstageIdentity.identity.userEntityRef,
    ).toBe('user:default/ana.silva');
  });

  it('refuses someone the IdP knows and the catalog does not, naming the e-mail', async () => {
    const { message } = await signIn('nora.outsider');
    expect(message.response).toBeUndefined();
    expect(message.error).toEqual({
      name: 'NotAllowedError',
      message:
        "nobody@example.com is not a Pier user: no User in Pier's catalog has this e-mail address. Ask the platform team (platform@example.com) to add you.",
    });
  });

  it('says the company sign-in service is unreachable when the IdP is down', async () => {
    sim.faults.set('idp', { errorRate: 1 });
    const { message } = await signIn('ana.silva');
    expect(message.error).toEqual({
      name: 'ServiceUnavailableError',
      message: `The company sign-in service (${sim.urls.idp}) is unreachable, so nobody can sign in to Pier right now. Try again in a few minutes; if it lasts, tell the platform team (platform@example.com).`,
    });
    // Back up: the next sign-in works without restarting Pier.
    sim.faults.clear();
    expect((await signIn('ana.silva')).message.error).toBeUndefined();
  });

  it('signs people in once the IdP is back, when it was down while Pier started', async () => {
    sim.faults.set('idp', { errorRate: 1 });
    const pier = await startPier(); // its discovery of the IdP fails
    expect((await signIn('ana.silva', pier)).message.error).toMatchObject({
      name: 'ServiceUnavailableError',
    });
    sim.faults.clear();
    const { message } = await signIn('ana.silva', pier);
    expect(message.error).toBeUndefined();
    expect(message.response.backstageIdentity.identity.userEntityRef).toBe(
      'user:default/ana.silva',
    );
  });
});
