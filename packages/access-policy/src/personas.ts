/**
 * Pier's personas. A persona is a catalog Group (catalog/org.yaml); a signed-in person holds the
 * personas whose group is among their ownership entity refs (their catalog User's memberships).
 *
 * @public
 */
export type PersonaId = 'junior' | 'reviewer' | 'lead' | 'platform';

/** @public */
export interface Persona {
  id: PersonaId;
  /** Singular title, e.g. "Junior developer". */
  title: string;
  /** How refusals name the group, e.g. "junior developers". */
  plural: string;
  /** The catalog group whose members hold the persona. */
  groupRef: string;
}

/** @public */
export const PERSONAS: readonly Persona[] = [
  {
    id: 'junior',
    title: 'Junior developer',
    plural: 'junior developers',
    groupRef: 'group:default/junior-developers',
  },
  {
    id: 'reviewer',
    title: 'Reviewer',
    plural: 'reviewers',
    groupRef: 'group:default/reviewers',
  },
  {
    id: 'lead',
    title: 'Lead',
    plural: 'leads',
    groupRef: 'group:default/leads',
  },
  {
    id: 'platform',
    title: 'Platform team',
    plural: 'the platform team',
    groupRef: 'group:default/platform-team',
  },
];

/**
 * Who grants access: the platform team owns catalog/org.yaml.
 *
 * @public
 */
export const ACCESS_CONTACT = 'the platform team (platform@example.com)';

/** The group refs that are personas only, not teams (the platform team is both). */
const PERSONA_ONLY_GROUPS = new Set(
  PERSONAS.filter(p => p.id !== 'platform').map(p => p.groupRef),
);

function normalize(ref: string): string {
  return ref.trim().toLocaleLowerCase('en-US');
}

/**
 * The personas of a signed-in person, from their ownership entity refs.
 *
 * @public
 */
export function personasOf(
  ownershipEntityRefs: readonly string[],
): PersonaId[] {
  const refs = new Set(ownershipEntityRefs.map(normalize));
  return PERSONAS.filter(p => refs.has(p.groupRef)).map(p => p.id);
}

/**
 * The teams (group refs that are not persona-only groups) among a person's ownership entity refs,
 * e.g. `group:default/team-payments`; the platform team is a team too.
 *
 * @public
 */
export function teamsOf(ownershipEntityRefs: readonly string[]): string[] {
  const teams = ownershipEntityRefs
    .map(normalize)
    .filter(ref => ref.startsWith('group:') && !PERSONA_ONLY_GROUPS.has(ref));
  return [...new Set(teams)].sort();
}

/** @public */
export function personaById(id: PersonaId): Persona {
  const persona = PERSONAS.find(p => p.id === id);
  if (!persona) {
    throw new Error(`Unknown persona '${id}'`);
  }
  return persona;
}
