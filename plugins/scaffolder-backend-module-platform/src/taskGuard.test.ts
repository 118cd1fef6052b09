import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { explainOwnerRefusal } from '@internal/access-policy';
import {
  REPO_ROOT,
  startTemplateBackend,
  testValues,
} from './__testUtils__/templateBackend';
import { orgUserInfoFactory } from './__testUtils__/orgUserInfo';

const ana = mockCredentials.user.header('user:default/ana.silva'); // team-payments, junior
const ben = mockCredentials.user.header('user:default/ben.okafor'); // team-checkout, junior
const grace = mockCredentials.user.header('user:default/grace.lee'); // team-payments, lead
const ivan = mockCredentials.user.header('user:default/ivan.petrov'); // platform

const SPELLINGS = [
  '/api/scaffolder/v2/tasks',
  '/api/scaffolder/V2/Tasks',
  '/api/scaffolder/v2/tasks/',
  '/api/scaffolder/v2//tasks',
  '/api/scaffolder/v2/./tasks',
  '/api/scaffolder/v2%2Ftasks',
  '/api/scaffolder/v2/%74asks',
];

describe('who may run a template with which owner, checked on the server', () => {
  let t: Awaited<ReturnType<typeof startTemplateBackend>>;
  beforeAll(async () => {
    t = await startTemplateBackend({}, [orgUserInfoFactory(REPO_ROOT)]);
  });
  afterAll(() => t.backend.stop());

  const tasks = async () =>
    (
      await request(t.backend.server)
        .get('/api/scaffolder/v2/tasks')
        .set('authorization', ivan)
    ).body.tasks as unknown[];

  it.each(SPELLINGS)(
    'refuses a junior who names another team as owner (POST %s): 403 with the reason, no task created',
    async path => {
      const before = (await tasks()).length;
      const res = await request(t.backend.server)
        .post(path)
        .set('authorization', ben)
        .send({
          templateRef: 'template:default/service',
          values: testValues('service'), // owner: team-payments
        });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        explainOwnerRefusal('group:default/team-payments', [
          'group:default/team-checkout',
        ]),
      );
      expect((await tasks()).length).toBe(before);
    },
  );

  it('refuses a junior whose request leaves the owner out: 403, no task created', async () => {
    const before = (await tasks()).length;
    const { owner: _owner, ...withoutOwner } = testValues('service');
    const res = await request(t.backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', ana)
      .send({ templateRef: 'template:default/service', values: withoutOwner });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      "A template run needs its owner ('owner'): one of group:default/team-payments",
    );
    expect((await tasks()).length).toBe(before);
  });

  it('refuses a lead (who does not run templates) with who can grant it', async () => {
    const res = await request(t.backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', grace)
      .send({
        templateRef: 'template:default/service',
        values: testValues('service'),
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(
      /^Only junior developers and the platform team may run templates; ask the platform team/,
    );
  });

  it('lets a junior create a task owned by their own team, and the platform team for any team', async () => {
    const own = await request(t.backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', ana)
      .send({
        templateRef: 'template:default/service',
        values: testValues('service'),
      });
    expect(own.status).toBe(201);
    const platform = await request(t.backend.server)
      .post('/api/scaffolder/v2/tasks')
      .set('authorization', ivan)
      .send({
        templateRef: 'template:default/service',
        values: {
          ...testValues('service'),
          owner: 'group:default/team-checkout',
        },
      });
    expect(platform.status).toBe(201);
  });

  it('lists the owners a caller may choose', async () => {
    const owners = async (auth: string) =>
      (
        await request(t.backend.server)
          .get('/api/scaffolder/platform/owners')
          .set('authorization', auth)
      ).body.owners.map((o: { entityRef: string }) => o.entityRef);
    expect(await owners(ana)).toEqual(['group:default/team-payments']);
    expect(await owners(grace)).toEqual([]);
    expect(await owners(ivan)).toEqual([
      'group:default/platform-team',
      'group:default/team-checkout',
      'group:default/team-discovery',
      'group:default/team-identity',
      'group:default/team-payments',
    ]);
  });

  it('previews the catalog template server-side for a junior, with the same owner check', async () => {
    const ok = await request(t.backend.server)
      .post('/api/scaffolder/platform/templates/default/service/preview')
      .set('authorization', ana)
      .send({ values: testValues('service') });
    expect(ok.status).toBe(200);
    expect(ok.body.directoryContents.length).toBeGreaterThan(3);
    expect(ok.body.output?.violations ?? []).toEqual([]);

    const other = await request(t.backend.server)
      .post('/api/scaffolder/platform/templates/default/service/preview')
      .set('authorization', ben)
      .send({ values: testValues('service') });
    expect(other.status).toBe(403);

    const inline = await request(t.backend.server)
      .post('/api/scaffolder/platform/templates/default/service/preview')
      .set('authorization', ana)
      .send({ values: testValues('service'), template: { evil: true } });
    expect(inline.status).toBe(400);
  });
});
