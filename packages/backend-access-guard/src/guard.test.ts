import express from 'express';
import request from 'supertest';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { explainRefusal } from '@internal/access-policy';
import { createAccessGuard } from './guard';

const dashboard = createPermission({
  name: 'platform-cost.dashboard.read',
  attributes: { action: 'read' },
});

function appWith(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const auditor = mockServices.auditor.mock();
  const fail = jest.fn();
  auditor.createEvent.mockResolvedValue({ success: jest.fn(), fail });
  const guard = createAccessGuard({
    httpAuth: mockServices.httpAuth(),
    permissions: mockServices.permissions({ result }),
    auditor,
  });
  const app = express();
  app.get('/dashboard', async (req, res, next) => {
    try {
      await guard.require(req, dashboard);
      res.json({ ok: true });
    } catch (e) {
      next(e);
    }
  });
  app.use(mockErrorHandler());
  return { app, auditor, fail };
}

describe('createAccessGuard', () => {
  it('refuses with the table’s text and audits the refusal with the request', async () => {
    const { app, auditor, fail } = appWith(AuthorizeResult.DENY);
    const res = await request(app)
      .get('/dashboard')
      .set(
        'authorization',
        mockCredentials.user.header('user:default/ana.silva'),
      );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(explainRefusal(dashboard.name));
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'request-refused',
        severityLevel: 'medium',
        meta: expect.objectContaining({ permission: dashboard.name }),
      }),
    );
    expect(fail).toHaveBeenCalledWith(
      expect.objectContaining({
        error: expect.objectContaining({ name: 'NotAllowedError' }),
      }),
    );
  });

  it('lets an allowed caller through without an audit event', async () => {
    const { app, auditor } = appWith(AuthorizeResult.ALLOW);
    const res = await request(app)
      .get('/dashboard')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    expect(auditor.createEvent).not.toHaveBeenCalled();
  });
});

describe('createAccessGuard ALLOW memo', () => {
  function appWithPolicy(memoMs: number) {
    let result: AuthorizeResult.ALLOW | AuthorizeResult.DENY =
      AuthorizeResult.ALLOW;
    let asked = 0;
    let t = 1_000_000;
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async reqs => {
      asked++;
      return reqs.map(() => ({ result }));
    });
    const auditor = mockServices.auditor.mock();
    auditor.createEvent.mockResolvedValue({
      success: jest.fn(),
      fail: jest.fn(),
    });
    const guard = createAccessGuard({
      httpAuth: mockServices.httpAuth(),
      permissions,
      auditor,
      memoMs,
      now: () => t,
    });
    const app = express();
    app.get('/dashboard', async (req, res, next) => {
      try {
        await guard.require(req, dashboard);
        res.json({ ok: true });
      } catch (e) {
        next(e);
      }
    });
    app.use(mockErrorHandler());
    const get = (user: string) =>
      request(app)
        .get('/dashboard')
        .set('authorization', mockCredentials.user.header(user));
    return {
      get,
      asked: () => asked,
      deny: () => (result = AuthorizeResult.DENY),
      advance: (ms: number) => (t += ms),
    };
  }

  it('asks the permission backend once per person per period, and sees a policy change after it', async () => {
    const policy = appWithPolicy(10_000);
    for (let i = 0; i < 20; i++) {
      expect((await policy.get('user:default/grace.lee')).status).toBe(200);
    }
    expect(policy.asked()).toBe(1);
    // Another person is asked for on their own.
    expect((await policy.get('user:default/ana.silva')).status).toBe(200);
    expect(policy.asked()).toBe(2);
    policy.deny();
    expect((await policy.get('user:default/grace.lee')).status).toBe(200);
    policy.advance(10_001);
    expect((await policy.get('user:default/grace.lee')).status).toBe(403);
    // A refusal is never remembered: every request is asked (and audited) again.
    expect((await policy.get('user:default/grace.lee')).status).toBe(403);
    expect(policy.asked()).toBe(4);
  });
});
