import express from 'express';
import request from 'supertest';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import { denyArgoCdMutations } from './readOnlyArgoCd';

function appWithArgoRoutes() {
  const app = express();
  app.use(denyArgoCdMutations());
  const reached = jest.fn((_req: express.Request, res: express.Response) => {
    res.json({ reached: true });
  });
  app.all('/api/argocd/*', reached);
  app.all('/api/catalog/*', reached);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger: mockServices.logger.mock(),
    }).error(),
  );
  return { app, reached };
}

describe('denyArgoCdMutations', () => {
  it.each([
    ['post', '/api/argocd/createArgo'],
    ['post', '/api/argocd/sync'],
    ['put', '/api/argocd/updateArgo/payments-api'],
    ['delete', '/api/argocd/argoInstance/prod/applications/payments-api-prod'],
  ] as const)(
    'refuses %s %s with 403 and a GitOps hint',
    async (method, path) => {
      const { app, reached } = appWithArgoRoutes();
      const res = await request(app)[method](path).send({});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(
        /commit the change to the GitOps repository/,
      );
      expect(reached).not.toHaveBeenCalled();
    },
  );

  it('lets reads through to the Argo CD backend', async () => {
    const { app } = appWithArgoRoutes();
    const res = await request(app).get('/api/argocd/find/selector/app%3Dx');
    expect(res.status).toBe(200);
  });

  it('leaves other plugins alone', async () => {
    const { app } = appWithArgoRoutes();
    const res = await request(app).post('/api/catalog/refresh').send({});
    expect(res.status).toBe(200);
  });
});
