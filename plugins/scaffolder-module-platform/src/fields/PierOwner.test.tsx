import { fireEvent, screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { PierOwnerField } from './PierOwner';

/** Pier's owners endpoint (scaffolder-backend-module-platform), answering what the server decided. */
function ownersEndpoint(status: number, body: object) {
  const urls: string[] = [];
  return {
    urls,
    fetch: async (url: string) => {
      urls.push(url);
      return new Response(JSON.stringify(body), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    },
  };
}

async function renderOwner(
  endpoint: ReturnType<typeof ownersEndpoint>,
  formData?: string,
) {
  const onChange = jest.fn();
  await renderInTestApp(
    <PierOwnerField
      {...({
        name: 'owner',
        formData,
        onChange,
        required: true,
        schema: {
          title: 'Owner',
          type: 'string',
          description: 'The team that owns and is on call for the service.',
        },
        idSchema: { $id: 'root_owner' },
        rawErrors: [],
      } as any)}
    />,
    {
      apis: [
        [
          discoveryApiRef,
          { getBaseUrl: async () => 'http://pier/api/scaffolder' },
        ],
        [fetchApiRef, { fetch: endpoint.fetch }],
      ] as any,
    },
  );
  return onChange;
}

const team = (name: string, title: string) => ({
  entityRef: `group:default/${name}`,
  title,
});

describe('PierOwnerField', () => {
  it('lists exactly the teams the server returns, and says why', async () => {
    const endpoint = ownersEndpoint(200, {
      owners: [
        team('team-checkout', 'Checkout'),
        team('team-payments', 'Payments'),
        team('platform-team', 'Platform'),
      ],
    });
    const onChange = await renderOwner(endpoint);
    expect(endpoint.urls).toEqual([
      'http://pier/api/scaffolder/platform/owners',
    ]);
    const field = await screen.findByRole('button', { name: /Owner/ });
    await screen.findByText(/Only teams you belong to are listed/);
    expect(onChange).not.toHaveBeenCalled(); // more than one: the person picks
    fireEvent.mouseDown(field);
    const options = within(screen.getByRole('listbox'))
      .getAllByRole('option')
      .map(o => o.textContent);
    expect(options).toEqual(['Checkout', 'Payments', 'Platform']);
    fireEvent.click(screen.getByRole('option', { name: 'Payments' }));
    expect(onChange).toHaveBeenLastCalledWith('group:default/team-payments');
  });

  it("preselects a junior's only team", async () => {
    const onChange = await renderOwner(
      ownersEndpoint(200, { owners: [team('team-payments', 'Payments')] }),
    );
    expect(
      await screen.findByText(/Payments is the only team you may choose/),
    ).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith('group:default/team-payments');
  });

  it('says when a value is not one of the teams the server allows', async () => {
    await renderOwner(
      ownersEndpoint(200, { owners: [team('team-payments', 'Payments')] }),
      'group:default/team-checkout',
    );
    expect(
      await screen.findByText(
        /group:default\/team-checkout is not one of your teams/,
      ),
    ).toBeInTheDocument();
  });

  it('explains an empty choice: the person may not run templates', async () => {
    await renderOwner(ownersEndpoint(200, { owners: [] }));
    expect(await screen.findByTestId('no-owner-choices')).toHaveTextContent(
      'Only junior developers and the platform team may run templates; ask the platform team (platform@example.com)',
    );
  });
});
