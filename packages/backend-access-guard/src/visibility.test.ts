import { mockCredentials } from '@backstage/backend-test-utils';
import { createEntityVisibility } from './visibility';

/** A catalog where `ana` may read every entity but `component:default/secret`. */
function catalogOf(all: string[]) {
  const requests: Array<{ user: string; refs: string[]; fields?: string[] }> =
    [];
  return {
    requests,
    async getEntitiesByRefs(
      request: { entityRefs: string[]; fields?: string[] },
      options: { credentials: any },
    ) {
      const user =
        options.credentials.principal.userEntityRef ??
        options.credentials.principal.subject;
      requests.push({ user, refs: request.entityRefs, fields: request.fields });
      return {
        items: request.entityRefs.map(ref =>
          all.includes(ref) &&
          !(user === 'user:default/ana' && ref === 'component:default/secret')
            ? { kind: 'Component' }
            : undefined,
        ),
      };
    },
  };
}

const ana = mockCredentials.user('user:default/ana');
const ivan = mockCredentials.user('user:default/ivan');

describe('createEntityVisibility', () => {
  it('asks the catalog once, as the caller, for the refs given, and returns those they may read', async () => {
    const catalog = catalogOf([
      'component:default/a',
      'component:default/secret',
      'group:default/team-a',
    ]);
    const visibility = createEntityVisibility({ catalog });
    const refs = [
      'component:default/a',
      'component:default/secret',
      'component:default/a',
      'group:default/team-a',
      'component:default/gone',
    ];
    expect([...(await visibility.visibleRefs(ana, refs))].sort()).toEqual([
      'component:default/a',
      'group:default/team-a',
    ]);
    expect(
      (await visibility.visibleRefs(ivan, refs)).has(
        'component:default/secret',
      ),
    ).toBe(true);
    expect(catalog.requests).toEqual([
      {
        user: 'user:default/ana',
        refs: [
          'component:default/a',
          'component:default/secret',
          'group:default/team-a',
          'component:default/gone',
        ],
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      expect.objectContaining({ user: 'user:default/ivan' }),
    ]);
  });

  it('asks once for a burst of one person’s requests, and apart for another person', async () => {
    const refs = ['component:default/a', 'component:default/secret'];
    const catalog = catalogOf(refs);
    const visibility = createEntityVisibility({ catalog });
    const answers = await Promise.all([
      ...Array.from({ length: 20 }, () => visibility.visibleRefs(ana, refs)),
      visibility.visibleRefs(ivan, refs),
    ]);
    expect(
      answers.slice(0, 20).every(a => a.size === 1 && a.has(refs[0])),
    ).toBe(true);
    expect([...answers[20]].sort()).toEqual(refs);
    expect(catalog.requests.map(r => r.user)).toEqual([
      'user:default/ana',
      'user:default/ivan',
    ]);
  });

  it('chunks a large list and remembers a person’s answers for a few seconds only', async () => {
    const refs = Array.from(
      { length: 2500 },
      (_, i) => `component:default/s${i}`,
    );
    const catalog = catalogOf(refs);
    let now = 0;
    const visibility = createEntityVisibility({
      catalog,
      memoMs: 10_000,
      now: () => now,
    });
    expect((await visibility.visibleRefs(ana, refs)).size).toBe(2500);
    expect(catalog.requests.map(r => r.refs.length)).toEqual([1000, 1000, 500]);
    // Within the memo: nothing asked; a new ref alone is asked.
    now = 5_000;
    await visibility.visibleRefs(ana, refs);
    await visibility.visibleRefs(ana, [...refs, 'component:default/secret']);
    expect(catalog.requests.map(r => r.refs)).toHaveLength(4);
    expect(catalog.requests[3].refs).toEqual(['component:default/secret']);
    // After it: asked again (a policy change shows within memoMs).
    now = 10_001;
    await visibility.visibleRefs(ana, refs);
    expect(catalog.requests).toHaveLength(7);
    // Service principals are never memoised.
    await visibility.visibleRefs(mockCredentials.service(), [
      'component:default/s1',
    ]);
    await visibility.visibleRefs(mockCredentials.service(), [
      'component:default/s1',
    ]);
    expect(catalog.requests).toHaveLength(9);
    expect(visibility.catalogCalls()).toBe(9);
  });
});
