import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** Someone the local IdP can sign in: the claims it releases, and how the login page shows them. */
export interface IdpPerson {
  /** `sub`: the catalog User's name (stable, unique). */
  sub: string;
  email: string;
  name: string;
  /** The groups the person belongs to, by display name ("Payments", "Junior developers"). */
  teams: string[];
  personas: string[];
  /** False for the one person the IdP knows and Pier does not (sign-in must be refused). */
  inCatalog: boolean;
}

/**
 * The IdP's one person without a catalog User: the company directory knows her, Pier does not,
 * so her sign-in must be refused with her e-mail in the message.
 */
export const OUTSIDER: IdpPerson = {
  sub: 'nora.outsider',
  email: 'nobody@example.com',
  name: 'Nora Outsider',
  teams: [],
  personas: [],
  inCatalog: false,
};

/** The repository's org file: the demo people are its User entities (platform-sim runs from source). */
export const DEFAULT_ORG_FILE = resolve(
  dirname(require.resolve('@internal/platform-sim/package.json')),
  '..',
  '..',
  'catalog',
  'org.yaml',
);

interface Entity {
  kind?: string;
  metadata?: { name?: string; title?: string };
  spec?: {
    type?: string;
    profile?: { displayName?: string; email?: string };
    memberOf?: string[];
  };
}

const groupName = (ref: string) =>
  ref.replace(/^group:/, '').replace(/^default\//, '');

/**
 * The demo people, read from the catalog's org YAML (User entities with an e-mail), so that the
 * IdP and the catalog cannot disagree; plus {@link OUTSIDER}. Groups of `spec.type: persona` are
 * personas, every other group a team.
 */
export function peopleFromOrgYaml(text: string): IdpPerson[] {
  const entities = parseAllDocuments(text)
    .map(d => d.toJS() as Entity | null)
    .filter((e): e is Entity => !!e && typeof e === 'object');
  const groups = new Map(
    entities
      .filter(e => e.kind === 'Group' && e.metadata?.name)
      .map(g => [
        g.metadata!.name!,
        {
          title:
            g.spec?.profile?.displayName ??
            g.metadata?.title ??
            g.metadata!.name!,
          persona: g.spec?.type === 'persona',
        },
      ]),
  );
  const people = entities
    .filter(
      e => e.kind === 'User' && e.metadata?.name && e.spec?.profile?.email,
    )
    .map((u): IdpPerson => {
      const memberOf = (u.spec?.memberOf ?? []).map(groupName);
      const known = memberOf.map(
        g => groups.get(g) ?? { title: g, persona: false },
      );
      return {
        sub: u.metadata!.name!,
        email: u.spec!.profile!.email!,
        name: u.spec?.profile?.displayName ?? u.metadata!.name!,
        teams: known.filter(g => !g.persona).map(g => g.title),
        personas: known.filter(g => g.persona).map(g => g.title),
        inCatalog: true,
      };
    });
  if (people.some(p => p.email === OUTSIDER.email)) {
    throw new Error(
      `${OUTSIDER.email} is a catalog User, but the local IdP keeps it for the person Pier must refuse`,
    );
  }
  return [...people, OUTSIDER];
}

/** Reads {@link peopleFromOrgYaml} from a file (default: the repository's catalog/org.yaml). */
export async function loadPeople(
  orgFile = DEFAULT_ORG_FILE,
): Promise<IdpPerson[]> {
  let text: string;
  try {
    text = await readFile(orgFile, 'utf8');
  } catch (e) {
    throw new Error(
      `the local IdP reads its people from ${orgFile}: ${(e as Error).message}`,
    );
  }
  return peopleFromOrgYaml(text);
}
