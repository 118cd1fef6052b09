import { mockCredentials } from '@backstage/backend-test-utils';
import { createEntityMemo } from './entities';

/** A catalog where ana may not read `component:default/secret`; answers after a tick. */
function catalogOf() {
  const asked: string[] = [];
  let failNext = false;
  let hidden = new Set(['user:default/ana component:default/secret']);
  return {
    asked,
    failOnce: () => {
      failNext = true;
    },
    hide: (user: string, ref: string) => {
      hidden = new Set([...hidden, `${user} ${ref}`]);
    },
    async getEntityByRef(ref: string, options: { credentials: any }) {
      const who =
        options.credentials.principal.userEntityRef ??
        options.credentials.principal.subject;
      asked.push(`${who} ${ref}`);
      await new Promise(r => setTimeout(r, 5));
      if (failNext) {
        failNext = false;
        throw new Error('catalog unavailable');
      }
      const canonical = ref.toLocaleLowerCase('en-US');
      if (hidden.has(`${who} ${canonical}`)) return undefined;
      return { metadata: { name: canonical.split('/')[1] } };
    },
  };
}

const ana = mockCredentials.user('user:default/ana');
const ivan = mockCredentials.user('user:default/ivan');

describe('createEntityMemo', () => {
  it('asks the catalog once per person and entity for a burst of readers, whatever the spelling', async () => {
    const catalog = catalogOf();
    const entities = createEntityMemo({ catalog });
    const answers = await Promise.all([
      ...Array.from({ length: 50 }, () =>
        entities.getEntityByRef('component:default/payments-api', {
          credentials: ana,
        }),
      ),
      entities.getEntityByRef('Component:Default/Payments-API', {
        credentials: ana,
      }),
      entities.getEntityByRef('component:payments-api', { credentials: ana }),
    ]);
    expect(answers.every(a => a?.metadata.name === 'payments-api')).toBe(true);
    expect(catalog.asked).toEqual([
      'user:default/ana component:default/payments-api',
    ]);
    expect(entities.catalogCalls()).toBe(1);
  });

  it("never hands one person's answer to another: each is asked as themselves", async () => {
    const catalog = catalogOf();
    const entities = createEntityMemo({ catalog });
    expect(
      await entities.getEntityByRef('component:default/secret', {
        credentials: ivan,
      }),
    ).toBeDefined();
    expect(
      await entities.getEntityByRef('component:default/secret', {
        credentials: ana,
      }),
    ).toBeUndefined();
    expect(catalog.asked).toEqual([
      'user:default/ivan component:default/secret',
      'user:default/ana component:default/secret',
    ]);
  });

  it('sees a permission change once the period is over', async () => {
    let clock = 1_000_000;
    const catalog = catalogOf();
    const entities = createEntityMemo({ catalog, now: () => clock });
    const read = () =>
      entities.getEntityByRef('component:default/payments-api', {
        credentials: ivan,
      });
    expect(await read()).toBeDefined();
    catalog.hide('user:default/ivan', 'component:default/payments-api');
    clock += 5_000;
    expect(await read()).toBeDefined();
    clock += 6_000;
    expect(await read()).toBeUndefined();
    expect(entities.catalogCalls()).toBe(2);
  });

  it('does not remember a failed read, and asks services afresh every time', async () => {
    const catalog = catalogOf();
    const entities = createEntityMemo({ catalog });
    catalog.failOnce();
    await expect(
      entities.getEntityByRef('component:default/a', { credentials: ana }),
    ).rejects.toThrow('catalog unavailable');
    expect(
      await entities.getEntityByRef('component:default/a', {
        credentials: ana,
      }),
    ).toBeDefined();
    const service = mockCredentials.service('plugin:service-overview');
    await entities.getEntityByRef('component:default/a', {
      credentials: service,
    });
    await entities.getEntityByRef('component:default/a', {
      credentials: service,
    });
    expect(entities.catalogCalls()).toBe(4);
  });

  it('keeps at most maxEntries answers', async () => {
    const catalog = catalogOf();
    const entities = createEntityMemo({ catalog, maxEntries: 2 });
    for (const name of ['a', 'b', 'c', 'a']) {
      await entities.getEntityByRef(`component:default/${name}`, {
        credentials: ana,
      });
    }
    // a was dropped when c came in, so it is asked again
    expect(entities.catalogCalls()).toBe(4);
  });
});
