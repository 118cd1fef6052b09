import express from 'express';
import request from 'supertest';
import { customResourceQueryGuard } from './customResourceGuard';

const rollouts = {
  group: 'argoproj.io',
  apiVersion: 'v1alpha1',
  plural: 'rollouts',
};
const secrets = { group: '', apiVersion: 'v1', plural: 'secrets' };

/** The guard in front of a stand-in for the Kubernetes backend's routes (which answer 200). */
function app(allowed = [rollouts]) {
  const refused: string[] = [];
  const a = express();
  a.use(
    customResourceQueryGuard({
      allowed,
      refuse: async (req, error) => {
        refused.push(req.path);
        return error;
      },
    }),
  );
  a.use(express.json());
  a.all('*', (req, res) => res.json({ reached: req.path, body: req.body }));
  a.use((err: any, _req: any, res: any, _next: any) =>
    res
      .status(err.name === 'NotAllowedError' ? 403 : 500)
      .json({ message: err.message }),
  );
  return { a, refused };
}

describe("the Kubernetes backend's custom-resource query, guarded", () => {
  it.each([
    '/resources/custom/query',
    '/Resources/Custom/Query',
    '/resources//custom/query/',
    '/resources/./custom/query',
    '/resources%2Fcustom%2Fquery',
  ])('refuses Secrets (POST %s): 403 with the reason, audited', async path => {
    const { a, refused } = app();
    const res = await request(a)
      .post(path)
      .send({ entityRef: 'component:default/x', customResources: [secrets] });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(
      /^Pier reads only the workloads and the custom resources its config names for you, not core\/secrets; ask the platform team/,
    );
    expect(refused).toEqual([path]);
  });

  it('lets a configured kind through, with the body intact for the real route', async () => {
    const { a } = app();
    const res = await request(a)
      .post('/resources/custom/query')
      .send({ entityRef: 'component:default/x', customResources: [rollouts] });
    expect(res.status).toBe(200);
    expect(res.body.body.customResources).toEqual([rollouts]);
  });

  it('refuses a request that mixes a configured kind with another, and one with no list', async () => {
    const { a } = app();
    const mixed = await request(a)
      .post('/resources/custom/query')
      .send({ customResources: [rollouts, secrets] });
    expect(mixed.status).toBe(403);
    const none = await request(a).post('/resources/custom/query').send({});
    expect(none.status).toBe(403);
  });

  it('leaves every other route alone', async () => {
    const { a } = app([]);
    const res = await request(a)
      .post('/resources/workloads/query')
      .send({ entityRef: 'component:default/x' });
    expect(res.status).toBe(200);
  });
});
