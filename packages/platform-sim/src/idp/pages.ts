import { IdpPerson } from './people';

const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

const STYLE = `
  body { font-family: system-ui, sans-serif; margin: 0; background: #f3f4f6; color: #111827; }
  header { background: #7c2d12; color: #fff; padding: 16px 32px; }
  header h1 { margin: 0; font-size: 22px; }
  header p { margin: 4px 0 0; opacity: .85; font-size: 14px; }
  main { max-width: 760px; margin: 24px auto; padding: 0 16px; }
  .note { font-size: 14px; color: #4b5563; margin-bottom: 16px; }
  ul { list-style: none; padding: 0; margin: 0; }
  li { margin: 0 0 8px; }
  button.person { width: 100%; text-align: left; display: grid; grid-template-columns: 1fr auto;
    gap: 2px 16px; padding: 12px 16px; border: 1px solid #d1d5db; border-radius: 8px;
    background: #fff; cursor: pointer; font: inherit; }
  button.person:hover, button.person:focus { border-color: #7c2d12; outline: none; box-shadow: 0 0 0 2px #fed7aa; }
  .name { font-weight: 600; }
  .email { color: #4b5563; font-size: 14px; }
  .groups { grid-row: span 2; align-self: center; font-size: 14px; color: #374151; text-align: right; }
  .outsider .groups { color: #b91c1c; }
  .client { font-family: ui-monospace, monospace; }
`;

function personLabel(p: IdpPerson): string {
  if (!p.inCatalog) return 'not in Pier’s catalog: Pier must refuse';
  return [...p.teams, ...p.personas].join(' · ') || 'no groups';
}

/** The local IdP's login page: every demo person, one click each. */
export function loginPage(options: {
  uid: string;
  clientName: string;
  people: IdpPerson[];
}): string {
  const { uid, clientName, people } = options;
  const items = people
    .map(
      p => `<li${p.inCatalog ? '' : ' class="outsider"'}>
        <form method="post" action="/interaction/${encodeURIComponent(
          uid,
        )}/login">
          <input type="hidden" name="sub" value="${escape(p.sub)}">
          <button class="person" type="submit" data-email="${escape(p.email)}">
            <span class="name">${escape(p.name)}</span>
            <span class="groups">${escape(personLabel(p))}</span>
            <span class="email">${escape(p.email)}</span>
          </button>
        </form>
      </li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local IdP — demo people</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<header><h1>Local IdP — demo people</h1>
<p>platform-sim’s OpenID Connect provider, for local use only: no passwords.</p></header>
<main>
<p class="note">Signing in to <span class="client">${escape(
    clientName,
  )}</span>. Pick who you are; the people are the User entities of <code>catalog/org.yaml</code>.</p>
<ul aria-label="Demo people">
${items}
</ul>
</main></body></html>`;
}

/** An error page in the same look (bad interaction, unknown person, expired session). */
export function errorPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local IdP — ${escape(
    title,
  )}</title><style>${STYLE}</style></head>
<body><header><h1>Local IdP — demo people</h1></header>
<main><h2>${escape(title)}</h2><p>${escape(detail)}</p></main></body></html>`;
}
