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
