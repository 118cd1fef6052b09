import { ConfigReader } from '@backstage/config';
import { readAnswerGuardPolicy } from './readAnswerGuardPolicy';

describe('readAnswerGuardPolicy', () => {
  it('fills in the defaults and names a wrong key', () => {
    expect(readAnswerGuardPolicy(undefined, 'platformCost')).toEqual({
      fraction: 0.5,
      minPrevious: 4,
    });
    expect(
      readAnswerGuardPolicy(
        new ConfigReader({ suspiciousDrop: { fraction: 0.9 } }),
        'securityFindings',
      ),
    ).toEqual({ fraction: 0.9, minPrevious: 4 });
    expect(() =>
      readAnswerGuardPolicy(
        new ConfigReader({ suspiciousDrop: { fraction: 90 } }),
        'securityFindings',
      ),
    ).toThrow(/^securityFindings.suspiciousDrop.fraction must be a share/);
  });
});
