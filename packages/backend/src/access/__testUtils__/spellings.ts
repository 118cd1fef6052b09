/**
 * Spellings of one request path a client can send (sent raw, without client-side normalisation):
 * case, repeated and trailing slashes, dot segments, %2F for a slash, a percent-encoded letter and
 * a double-encoded one.
 */
export function spellingsOf(pathWithQuery: string): Array<[string, string]> {
  const [path, query] = pathWithQuery.split(/\?(.*)/s);
  const q = query ? `?${query}` : '';
  const segments = path.split('/').filter(Boolean);
  const last = segments[segments.length - 1] ?? '';
  const encodeLetter = (s: string) =>
    s.replace(/[a-z]/i, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const withLast = (replacement: string) =>
    `/${[...segments.slice(0, -1), replacement].join('/')}`;
  const variants: Array<[string, string]> = [
    ['upper case', path.toUpperCase() + q],
    [
      'mixed case',
      path.replace(/\/api\/([a-z])/, (_, c) => `/api/${c.toUpperCase()}`) + q,
    ],
    ['trailing slash', `${path}/${q}`],
    ['repeated slashes', `/${segments.join('//')}${q}`],
    [
      'dot segment',
      `/${segments.slice(0, 2).join('/')}/./${segments.slice(2).join('/')}${q}`,
    ],
    [
      '%2F for a slash',
      `/${segments.slice(0, 2).join('/')}%2F${segments.slice(2).join('/')}${q}`,
    ],
    ['percent-encoded letter', withLast(encodeLetter(last)) + q],
    [
      'double-encoded letter',
      withLast(encodeLetter(last).replace('%', '%25')) + q,
    ],
  ];
  return variants.filter(([, v]) => v !== pathWithQuery);
}
