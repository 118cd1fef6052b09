import { parseFindingsTags } from './aws';

describe('parseFindingsTags', () => {
  it('reads key=value pairs and rejects malformed parts', () => {
    expect(parseFindingsTags('service=checkout-api, team=payments')).toEqual({
      service: 'checkout-api',
      team: 'payments',
    });
    expect(parseFindingsTags('checkout-api')).toBeUndefined();
    expect(parseFindingsTags(' , ')).toBeUndefined();
  });
});
