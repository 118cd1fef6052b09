import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createRegisterComponentAction } from './registerComponent';

const published =
  'http://127.0.0.1:7310/payment-refunds/raw/main/catalog-info.yaml';
const component = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payment-refunds', namespace: 'default' },
  spec: { owner: 'group:default/team-payments' },
};

/** What the handler reads of an action context: input, output, logger, dry-run flag. */
function createMockActionContext(opts: {
  input: { catalogInfoUrl: string };
  isDryRun?: boolean;
}) {
  return {
    input: opts.input,
    isDryRun: opts.isDryRun ?? false,
    output: jest.fn(),
    logger: mockServices.logger.mock(),
  } as any;
}

function setup(
  addLocation: jest.Mock,
  publishedUnder = 'http://127.0.0.1:7310/',
) {
  const catalog = catalogServiceMock.mock({ addLocation });
  const action = createRegisterComponentAction({
    catalog,
    auth: mockServices.auth(),
    publishedUnder,
  });
  return { action };
}

describe('pier:catalog:register', () => {
  it("registers what the run published as Pier's service principal, not as the junior", async () => {
    const addLocation = jest.fn(async () => ({
      location: { id: '1', type: 'url', target: published },
      entities: [{ ...component, kind: 'Location' }, component],
    }));
    const { action } = setup(addLocation);
    const ctx = createMockActionContext({
      input: { catalogInfoUrl: published },
    });

    await action.handler(ctx);

    expect(addLocation).toHaveBeenCalledTimes(1);
    const [location, { credentials }] = addLocation.mock.calls[0] as any[];
    expect(location).toEqual({ type: 'url', target: published });
    expect(credentials.principal.type).toBe('service');
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-refunds',
    );
  });

  it.each([
    ['another host', 'https://evil.example/payment-refunds/catalog-info.yaml'],
    ['another port', 'http://127.0.0.1:7311/payment-refunds/catalog-info.yaml'],
    ['credentials in the URL', 'http://u:p@127.0.0.1:7310/x/catalog-info.yaml'],
    ['not a URL', 'catalog-info.yaml'],
  ])('refuses %s and registers nothing', async (_why, url) => {
    const addLocation = jest.fn();
    const { action } = setup(addLocation);
    await expect(
      action.handler(
        createMockActionContext({ input: { catalogInfoUrl: url } }),
      ),
    ).rejects.toThrow(/registers only what its templates publish under/);
    expect(addLocation).not.toHaveBeenCalled();
  });

  it("refuses a path that climbs out of the GitHub org's repositories", async () => {
    const addLocation = jest.fn();
    const { action } = setup(addLocation, 'https://github.com/acme/');
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            catalogInfoUrl:
              'https://github.com/acme/../evil/repo/blob/main/catalog-info.yaml',
          },
        }),
      ),
    ).rejects.toThrow(/registers only what its templates publish under/);
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
    const ctx = createMockActionContext({
      input: { catalogInfoUrl: published },
    });

    await action.handler(ctx);

    expect(addLocation.mock.calls[1][0]).toMatchObject({ dryRun: true });
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/payment-refunds',
    );
  });

  it('registers nothing in a dry run (the form preview)', async () => {
    const addLocation = jest.fn();
    const { action } = setup(addLocation);
    await action.handler(
      createMockActionContext({
        input: { catalogInfoUrl: published },
        isDryRun: true,
      }),
    );
    expect(addLocation).not.toHaveBeenCalled();
  });
});
