import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * The userInfo service as the auth backend's sign-in resolver fills it: a user's ownership refs are
 * their catalog User and its memberOf groups (catalog/org.yaml).
 */
export function orgUserInfoFactory(repoRoot: string) {
  const memberships = new Map<string, string[]>();
  for (const doc of yaml.parseAllDocuments(
    fs.readFileSync(path.join(repoRoot, 'catalog', 'org.yaml'), 'utf8'),
  )) {
    const e = doc.toJS();
    if (e?.kind === 'User') {
      memberships.set(
        `user:default/${e.metadata.name}`,
        (e.spec.memberOf ?? []).map((g: string) => `group:default/${g}`),
      );
    }
  }
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const principal = credentials.principal as { userEntityRef?: string };
        if (!principal.userEntityRef) {
          throw new Error('getUserInfo needs a user principal');
        }
        const ref = principal.userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(memberships.get(ref) ?? [])],
        };
      },
    }),
  });
}
