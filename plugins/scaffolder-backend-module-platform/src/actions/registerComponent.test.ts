import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { publishingTarget } from '../services/publishing';
import { createRegisterComponentAction } from './registerComponent';

const settings = {
  provider: 'git' as const,
  baseUrl: 'http://127.0.0.1:7310',
  token: 'test-token',
  infraRepository: 'infra',
  defaultBranch: 'main',
  imageRegistry: '000000000000.dkr.ecr.eu-west-1.amazonaws.com',
};
const published =
  'http://127.0.0.1:7310/payment-refunds/raw/main/catalog-info.yaml';
const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-refunds', namespace: 'default' },
  spec: { owner: 'group:default/team-payments' },
};

/** What the handler reads of an action context: input, output, logger, dry-run flag. */
function actionContext(repository: string, isDryRun = false) {
  return {
    input: { repository },
    isDryRun,
    output: jest.fn(),
    logger: mockServices.logger.mock(),
  } as any;
}

function setup(addLocation: jest.Mock) {
  const action = createRegisterComponentAction({
    catalog: catalogServiceMock.mock({ addLocation }),
    auth: mockServices.auth(),
    catalogInfoUrlOf: repository =>
      publishingTarget(settings, repository, '').catalogInfoUrl,
  });
  return { action };
}

describe('pier:catalog:register', () => {
  it("registers the published repository's catalog-info.yaml as Pier's service principal, not as the junior", async () => {
    // As the catalog answers: nothing read yet when registering; the dry run says what it holds.
    const addLocation = jest.fn(async (req: { dryRun?: boolean }) => ({
      location: { id: '1', type: 'url', target: published },
      entities: req.dryRun
        ? [{ ...component, kind: 'Location' }, component]
        : [],
    }));
    const { action } = setup(addLocation);
    const ctx = actionContext('payment-refunds');

    await action.handler(ctx);

    const registrations = addLocation.mock.calls.filter(
      ([r]: any[]) => !r.dryRun,
    );
    expect(registrations).toHaveLength(1);
    const [location, { credentials }] = registrations[0] as any[];
    expect(location).toEqual({ type: 'url', target: published });
    expect(credentials.principal.type).toBe('service');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-refunds',
    );
  });

  it.each([
    ['a path', '../evil'],
    ['a URL', 'https://evil.example/x'],
    ['upper case', 'Payment-Refunds'],
    ['an empty name', ''],
  ])('refuses %s as the repository and registers nothing', async (_w, name) => {
    const addLocation = jest.fn();
    const { action } = setup(addLocation);
    await expect(action.handler(actionContext(name))).rejects.toThrow(
      /registers only a repository its template published/,
    );
    expect(addLocation).not.toHaveBeenCalled();
  });

  it('a re-run of an already registered component reads it instead of failing', async () => {
    const conflict = Object.assign(new Error('Location already exists'), {
      name: 'ConflictError',
    });
    const addLocation = jest
      .fn()
      .mockRejectedValueOnce(conflict)
      .mockResolvedValueOnce({
        location: { id: '1', type: 'url', target: published },
        entities: [component],
        exists: true,
      });
    const { action } = setup(addLocation);
    const ctx = actionContext('payment-refunds');

    await action.handler(ctx);

    expect(addLocation.mock.calls[1][0]).toMatchObject({ dryRun: true });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-refunds',
    );
  });

  it('a registration the catalog refuses fails the step', async () => {
    const addLocation = jest
      .fn()
      .mockRejectedValue(
        Object.assign(new Error('catalog down'), { name: 'ResponseError' }),
      );
    const { action } = setup(addLocation);
    await expect(
      action.handler(actionContext('payment-refunds')),
    ).rejects.toThrow('catalog down');
  });

  it('registers nothing in a dry run (the form preview)', async () => {
    const addLocation = jest.fn();
    const { action } = setup(addLocation);
    await action.handler(actionContext('payment-refunds', true));
    expect(addLocation).not.toHaveBeenCalled();
  });
});
