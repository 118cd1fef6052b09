import { emailMatchingCatalogUser } from './signInResolver';

const resolver = emailMatchingCatalogUser();

function signIn(userinfo: Record<string, unknown>, email?: string) {
  const signInWithCatalogUser = jest.fn(async () => ({ token: 't' }));
  const result = resolver(
    {
      profile: { email },
      result: { fullProfile: { tokenset: {}, userinfo }, session: {} },
    } as any,
    { signInWithCatalogUser } as any,
  );
  return { result, signInWithCatalogUser };
}

describe('emailMatchingCatalogUser', () => {
  it('finds the catalog User by the verified e-mail', async () => {
    const { result, signInWithCatalogUser } = signIn(
      { email: 'ana.silva@example.com', email_verified: true },
      'ana.silva@example.com',
    );
    await expect(result).resolves.toEqual({ token: 't' });
    expect(signInWithCatalogUser).toHaveBeenCalledWith({
      filter: { 'spec.profile.email': 'ana.silva@example.com' },
    });
  });

  it.each([
    ['false', { email_verified: false }],
    ['missing', {}],
  ])(
    'refuses an e-mail the IdP has not verified (email_verified %s), even when a profile carries it',
    async (_what, claims) => {
      const { result, signInWithCatalogUser } = signIn(
        { email: 'ivan.petrov@example.com', ...claims },
        'ivan.petrov@example.com',
      );
      await expect(result).rejects.toThrow(
        /did not send a verified e-mail address/,
      );
      expect(signInWithCatalogUser).not.toHaveBeenCalled();
    },
  );
});
