// Signs a demo person in through the OIDC IdP on platform-sim over plain HTTP (no browser), the
// way the sign-in popup does: Pier's /api/auth/oidc/start → the IdP's login page → the person's
// form → back to Pier's handler, which sets the refresh cookie → /refresh gives the Backstage
// token. Used by `yarn bench` to load Pier as a signed-in lead, not as a service principal.
//
//   node scripts/bench/signin.mjs <pier-url> [person]   prints the token

/** A browser's cookie jar and redirects, just enough for the sign-in. */
class Browser {
  cookies = new Map();

  async request(url, init = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...init.headers,
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const [name, value] = [pair.slice(0, i), pair.slice(i + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c))
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = res.headers.get('location');
    return {
      res,
      location: location ? new URL(location, url).toString() : undefined,
    };
  }

  /** Follows redirects and self-submitting forms until a page that asks for something. */
  async follow(first) {
    let next = first;
    for (let hops = 0; hops < 20; hops++) {
      if (next.location) {
        next = await this.request(next.location);
        continue;
      }
      if (next.res.status !== 200) return next;
      const html = await next.res.clone().text();
      if (!html.includes('document.forms[0].submit()')) return next;
      const action = /<form method="post" action="([^"]+)"/.exec(html)[1];
      const fields = [
        ...html.matchAll(
          /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
        ),
      ].map(m => [m[1], m[2]]);
      next = await this.request(
        new URL(action, next.res.url || first.url).toString(),
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams(fields).toString(),
        },
      );
    }
    throw new Error('sign-in: too many redirects');
  }
}

export async function signIn(pierUrl, person = 'grace.lee') {
  const browser = new Browser();
  const env = 'development';
  const start = `${pierUrl}/api/auth/oidc/start?env=${env}&scope=${encodeURIComponent(
    'openid profile email',
  )}&origin=${encodeURIComponent(pierUrl)}&flow=popup`;
  let page = await browser.follow(await browser.request(start));
  const html = await page.res.text();
  const form = new RegExp(
    `<form method="post" action="([^"]+)">\\s*<input type="hidden" name="sub" value="${person.replace(
      '.',
      '\\.',
    )}">`,
  ).exec(html);
  if (!form)
    throw new Error(
      `sign-in: no form for ${person} on the IdP page (${page.res.status})`,
    );
  const idpOrigin = new URL(page.res.url || browser.lastUrl || start).origin;
  const action = new URL(form[1].replace(/&amp;/g, '&'), idpOrigin).toString();
  page = await browser.follow(
    await browser.request(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sub: person }).toString(),
    }),
  );
  const refresh = await browser.request(
    `${pierUrl}/api/auth/oidc/refresh?env=${env}`,
    {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    },
  );
  if (!refresh.res.ok) {
    throw new Error(
      `sign-in: refresh answered ${
        refresh.res.status
      }: ${await refresh.res.text()}`,
    );
  }
  return (await refresh.res.json()).backstageIdentity.token;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(await signIn(process.argv[2], process.argv[3]));
}
