/**
 * The path a request can end up routed to, whatever its spelling: percent-decoded until stable
 * (double encoding, %2F), backslashes as slashes, empty and `.` segments dropped, `..` applied,
 * lower-cased (Express routes without regard to case). Used to decide, never to route.
 *
 * @public
 */
export function canonicalPath(url: string): string {
  let path = url.split(/[?#]/, 1)[0];
  for (let i = 0; i < 8; i++) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      // Malformed escapes: decode what can be decoded, keep the rest.
      decoded = path.replace(/%[0-9a-f]{2}/gi, m =>
        String.fromCharCode(parseInt(m.slice(1), 16)),
      );
    }
    if (decoded === path) break;
    path = decoded;
  }
  const segments: string[] = [];
  for (const segment of path.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return `/${segments.join('/')}`.toLocaleLowerCase('en-US');
}
