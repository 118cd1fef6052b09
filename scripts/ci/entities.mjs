// Reads every entity of a running Pier's catalog with the CI token.
// As a script: prints the sorted entity refs of the backend at argv[2] as JSON.

export async function fetchEntityRefs(baseUrl) {
  const res = await fetch(`${baseUrl}/api/catalog/entities?fields=kind,metadata.namespace,metadata.name`, {
    headers: { authorization: `Bearer ${process.env.PIER_CI_TOKEN}` },
  });
  if (!res.ok) throw new Error(`${baseUrl}: catalog answered ${res.status}`);
  const entities = await res.json();
  return entities
    .map(e => `${e.kind}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`.toLowerCase())
    .sort();
}

// Waits until the catalog has stopped changing (two equal reads, 2 s apart) and has `min` entities.
export async function settledEntityRefs(baseUrl, { min = 1, timeoutMs = 90_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let previous = null;
  while (Date.now() < deadline) {
    const refs = await fetchEntityRefs(baseUrl);
    if (refs.length >= min && previous && JSON.stringify(previous) === JSON.stringify(refs)) {
      return refs;
    }
    previous = refs;
    await new Promise(r => setTimeout(r, 2000));
  }
  throw new Error(`${baseUrl}: catalog did not settle within ${timeoutMs} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await settledEntityRefs(process.argv[2])));
}
