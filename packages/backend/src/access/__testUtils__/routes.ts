/** One route as Express would match it: method and path pattern, from the mounted routers' stacks. */
export interface MountedRoute {
  method: string;
  path: string;
}

type Layer = {
  route?: {
    path: string | RegExp | Array<string | RegExp>;
    methods: Record<string, boolean>;
  };
  handle?: { stack?: Layer[] } & Function;
  regexp?: RegExp & { fast_slash?: boolean };
  keys?: Array<{ name: string | number }>;
  name?: string;
};

/** The mount path of a router layer, from the regexp Express 4 compiled it to. */
function mountPathOf(layer: Layer): string {
  const re = layer.regexp;
  if (!re || re.fast_slash) return '';
  let source = re.source
    .replace(/^\^/, '')
    .replace(/\\\/\?\(\?=\\\/\|\$\)$/, '')
    .replace(/\(\?=\\\/\|\$\)$/, '')
    .replace(/\\\/\?$/, '');
  let i = 0;
  source = source.replace(/\(\?:\(\[\^\\\/]\+\?\)\)/g, () => {
    const key = layer.keys?.[i++];
    return `:${key?.name ?? 'param'}`;
  });
  return source
    .replace(/\\\//g, '/')
    .replace(/\\\./g, '.')
    .replace(/\\-/g, '-');
}

function pathsOf(p: string | RegExp | Array<string | RegExp>): string[] {
  if (Array.isArray(p)) return p.flatMap(pathsOf);
  return [typeof p === 'string' ? p : `regexp:${p.source}`];
}

/** Body and query parsers: mounted at a path, they never answer a request themselves. */
const PARSERS = new Set([
  'jsonParser',
  'urlencodedParser',
  'query',
  'expressInit',
]);

/** Walks an Express app's (or router's) stack: every route × method it can dispatch to. */
export function mountedRoutes(appOrRouter: any, prefix = ''): MountedRoute[] {
  const stack: Layer[] =
    appOrRouter?._router?.stack ??
    appOrRouter?.stack ??
    appOrRouter?.handle?.stack ??
    [];
  const out: MountedRoute[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const p of pathsOf(layer.route.path)) {
        const methods = Object.keys(layer.route.methods).filter(
          m => m !== '_all',
        );
        if (layer.route.methods._all) methods.push('all');
        for (const m of methods) {
          out.push({
            method: m.toUpperCase(),
            path: `${prefix}${p}`.replace(/\/+$/, '') || '/',
          });
        }
      }
    } else if (
      layer.handle &&
      (Array.isArray((layer.handle as any).stack) ||
        Array.isArray((layer.handle as any)._router?.stack))
    ) {
      // A router, or a sub-application (the scaffolder mounts an express app)
      out.push(...mountedRoutes(layer.handle, prefix + mountPathOf(layer)));
    } else if (
      layer.regexp &&
      mountPathOf(layer) !== '' &&
      !PARSERS.has(layer.name ?? '')
    ) {
      // Middleware mounted at a path answers every method below it (the Kubernetes proxy, static files)
      out.push({ method: 'USE', path: `${prefix}${mountPathOf(layer)}` });
    }
  }
  return out;
}
