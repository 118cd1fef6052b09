import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { PersonaId, personasOf, teamsOf } from '@internal/access-policy';
import useAsync from 'react-use/esm/useAsync';

/** Who is signed in: their catalog User, personas and teams (from their ownership refs). */
export interface SignedIn {
  userEntityRef: string;
  personas: PersonaId[];
  teams: string[];
}

export function useSignedIn() {
  const identityApi = useApi(identityApiRef);
  return useAsync(async (): Promise<SignedIn> => {
    const identity = await identityApi.getBackstageIdentity();
    return {
      userEntityRef: identity.userEntityRef,
      personas: personasOf(identity.ownershipEntityRefs),
      teams: teamsOf(identity.ownershipEntityRefs),
    };
  }, [identityApi]);
}
