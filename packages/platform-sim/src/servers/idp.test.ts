import { Issuer, generators } from 'openid-client';
import { SIM_OIDC_CLIENT_ID, SIM_OIDC_CLIENT_SECRET } from '../credentials';
import { peopleFromOrgYaml } from '../idp/people';
import {
  EPHEMERAL_PORTS,
  PlatformSim,
  startPlatformSim,
} from '../startPlatformSim';

// openid-client 5 is what Backstage's oidc auth module signs in with: the same discovery,
// authorization code + PKCE, token, id_token checks and userinfo as Pier's backend.

/** A browser's cookie jar and redirects, just enough for the IdP's interaction. */
class Browser {
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
      const [name, value] = [pair.slice(0, i), pair.slice(i + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) {
        this.cookies.delete(name);
      } else {
        this.cookies.set(name, value);
      }
    }
    const location = res.headers.get('location');
    return {
      res,
      location: location ? new URL(location, url).toString() : undefined,
    };
  }

  /**
   * Follows redirects on the IdP until it answers with a page or sends us elsewhere; submits the
   * IdP's self-submitting forms as a browser's script would (ending the previous person's session).
   */
  async follow(url: string, origin: string) {
    let next = await this.get(url);
    for (;;) {
      if (next.location?.startsWith(origin)) {
        next = await this.get(next.location);
        continue;
      }
      if (next.res.status !== 200) return next;
      const html = await next.res.clone().text();
      if (!html.includes('document.forms[0].submit()')) return next;
      const action = /<form method="post" action="([^"]+)"/.exec(html)![1];
      const fields = [
        ...html.matchAll(
          /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
        ),
      ].map(m => [m[1], m[2]]);
      next = await this.get(action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
    }
  }
}

const ORG_YAML = `
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: team-payments }
spec: { type: team, profile: { displayName: Payments }, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: { name: junior-developers }
spec: { type: persona, profile: { displayName: Junior developers }, children: [] }
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: ana.silva }
spec:
  profile: { displayName: Ana Silva, email: ana.silva@example.com }
  memberOf: [team-payments, junior-developers]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: { name: robot }
spec: { profile: { displayName: No e-mail }, memberOf: [] }
`;

describe('the local IdP (oidc-provider)', () => {
  let sim: PlatformSim;
  const backend = 'http://127.0.0.1:7999';
  const redirectUri = `${backend}/api/auth/oidc/handler/frame`;

  beforeAll(async () => {
    sim = await startPlatformSim({
      ports: EPHEMERAL_PORTS,
      people: peopleFromOrgYaml(ORG_YAML),
    });
  });
  afterAll(() => sim.stop());
  afterEach(() => sim.faults.clear());

  async function client(redirect = redirectUri) {
    const issuer = await Issuer.discover(
      `${sim.urls.idp}/.well-known/openid-configuration`,
    );
    return new issuer.Client({
      client_id: SIM_OIDC_CLIENT_ID,
      client_secret: SIM_OIDC_CLIENT_SECRET,
      redirect_uris: [redirect],
      response_types: ['code'],
    });
  }

  async function authorize(browser: Browser, redirect = redirectUri) {
    const c = await client(redirect);
    const state = generators.state();
    const nonce = generators.nonce();
    const verifier = generators.codeVerifier();
    const url = c.authorizationUrl({
      scope: 'openid profile email offline_access',
      state,
      nonce,
      code_challenge: generators.codeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const page = await browser.follow(url, sim.urls.idp);
    return { c, state, nonce, verifier, page };
  }

  async function pick(
    browser: Browser,
    pageUrl: string,
    html: string,
    sub: string,
  ) {
    const action = /action="([^"]+)"/.exec(html)![1];
    const done = await browser.get(new URL(action, pageUrl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sub }).toString(),
    });
    return done.location ? browser.follow(done.location, sim.urls.idp) : done;
  }

  it('serves its metadata with the issuer it listens on', async () => {
    const c = await client();
    expect(c.issuer.issuer).toBe(sim.urls.idp);
    expect(c.issuer.metadata.code_challenge_methods_supported).toContain(
      'S256',
    );
    expect(c.issuer.metadata.userinfo_endpoint).toBe(`${sim.urls.idp}/me`);
  });

  it('lists the catalog people and Nora on its login page, and one click signs in', async () => {
    const browser = new Browser();
    const { c, state, nonce, verifier, page } = await authorize(browser);
    expect(page.res.status).toBe(200);
    const html = await page.res.text();
    expect(html).toContain('Local IdP — demo people');
    expect(html).toContain('Ana Silva');
    expect(html).toContain('ana.silva@example.com');
    expect(html).toContain('Payments · Junior developers');
    expect(html).toContain('Nora Outsider');
    expect(html).toContain('nobody@example.com');
    expect(html).not.toContain('No e-mail'); // a User without an e-mail cannot sign in

    // One click, no consent step: straight back to Pier with a code.
    const back = await pick(browser, page.res.url, html, 'ana.silva');
    expect(back.location).toMatch(new RegExp(`^${redirectUri}\\?code=`));
    const params = c.callbackParams(back.location!);
    const tokens = await c.callback(redirectUri, params, {
      state,
      nonce,
      code_verifier: verifier,
    });
    expect(tokens.claims()).toMatchObject({ sub: 'ana.silva', nonce });
    expect(await c.userinfo(tokens.access_token!)).toEqual({
      sub: 'ana.silva',
      email: 'ana.silva@example.com',
      email_verified: true,
      name: 'Ana Silva',
    });
    // Pier's backend refreshes its session with the refresh token.
    expect(tokens.refresh_token).toBeDefined();
    const refreshed = await c.refresh(tokens.refresh_token!);
    expect(await c.userinfo(refreshed.access_token!)).toMatchObject({
      email: 'ana.silva@example.com',
    });
  });

  it('asks again on the next sign-in, so another person can be picked', async () => {
    const browser = new Browser();
    const first = await authorize(browser);
    await pick(
      browser,
      first.page.res.url,
      await first.page.res.text(),
      'ana.silva',
    );
    const second = await authorize(browser);
    expect(second.page.res.status).toBe(200);
    const back = await pick(
      browser,
      second.page.res.url,
      await second.page.res.text(),
      'nora.outsider',
    );
    const tokens = await second.c.callback(
      redirectUri,
      second.c.callbackParams(back.location!),
      {
        state: second.state,
        nonce: second.nonce,
        code_verifier: second.verifier,
      },
    );
    expect(await second.c.userinfo(tokens.access_token!)).toMatchObject({
      sub: 'nora.outsider',
      email: 'nobody@example.com',
    });
  });

  it('sends people back to any loopback backend, and nowhere else', async () => {
    const other = 'http://127.0.0.1:7109/api/auth/oidc/handler/frame';
    const ok = await authorize(new Browser(), other);
    expect(ok.page.res.status).toBe(200);

    for (const bad of [
      'http://evil.example:7007/api/auth/oidc/handler/frame',
      'http://127.0.0.1:7007/api/auth/github/handler/frame',
    ]) {
      const refused = await authorize(new Browser(), bad);
      expect(refused.page.res.status).toBe(400);
      expect(await refused.page.res.text()).toContain('redirect_uri');
    }
  });

  it('refuses an unknown person', async () => {
    const browser = new Browser();
    const { page } = await authorize(browser);
    const back = await pick(
      browser,
      page.res.url,
      await page.res.text(),
      'mallory',
    );
    expect(back.res.status).toBe(400);
    expect(await back.res.text()).toContain('No demo person mallory');
  });

  it('can be made unreachable with the idp fault', async () => {
    sim.faults.set('idp', { errorRate: 1 });
    const res = await fetch(`${sim.urls.idp}/.well-known/openid-configuration`);
    expect(res.status).toBe(503);
  });
});
