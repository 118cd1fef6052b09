import { act, screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import Typography from '@material-ui/core/Typography';
import { Freshness } from './Freshness';

describe('Freshness', () => {
  afterEach(() => jest.useRealTimers());

  it('reads as part of its sentence and keeps counting', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-26T12:00:00Z') });
    await renderInTestApp(
      <Typography>
        3 of 4 need review · <Freshness at={Date.now() - 12_000} />
      </Typography>,
    );
    expect(
      screen.getByText('3 of 4 need review · updated 12 s ago'),
    ).toBeInTheDocument();
    act(() => {
      jest.advanceTimersByTime(60_000);
    });
    expect(
      screen.getByText('3 of 4 need review · updated 1 min ago'),
    ).toBeInTheDocument();
  });

  it('says "never" (or the given word) until there is a time', async () => {
    await renderInTestApp(
      <Typography>
        <Freshness label="Findings last refreshed" never="never" />
      </Typography>,
    );
    expect(
      screen.getByText('Findings last refreshed never'),
    ).toBeInTheDocument();
  });
});
