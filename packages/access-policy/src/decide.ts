import {
  Audience,
  CAPABILITIES,
  Capability,
  capabilityOf,
} from './capabilities';
import { PERSONAS, PersonaId, personasOf, teamsOf } from './personas';

/**
 * What the table says for one person and one permission:
 * - `allow` / `deny`;
 * - `owners`: only for resources the person's teams own (catalog `isEntityOwner`);
 * - `task-owner`: only tasks the person started (scaffolder `isTaskOwner`).
 *
 * @public
 */
export type Access = 'allow' | 'deny' | 'owners' | 'task-owner';

function accessFor(
  capability: Capability,
  personas: readonly PersonaId[],
): Access {
  const who = capability.who;
  if (who.includes('nobody')) {
    return 'deny';
  }
  if (who.includes('everyone') || personas.some(p => who.includes(p))) {
    return 'allow';
  }
  if (who.includes('owners')) {
    return 'owners';
  }
  if (who.includes('task-owner')) {
    return 'task-owner';
  }
  return 'deny';
}

/**
 * The table's answer for a person with these personas and a permission name (deny when the
 * permission is in no row).
 *
 * @public
 */
export function accessOf(
  personas: readonly PersonaId[],
  permissionName: string,
): Access {
  const capability = capabilityOf(permissionName);
  return capability ? accessFor(capability, personas) : 'deny';
}

/** @public */
export function capabilityAccess(
  capabilityId: string,
  personas: readonly PersonaId[],
): Access {
  const capability = CAPABILITIES.find(c => c.id === capabilityId);
  return capability ? accessFor(capability, personas) : 'deny';
}

/**
 * The teams a person may choose as the owner of what a template creates: the platform team any
 * of `allTeams`, everyone else their own teams among them (and only if they may run templates).
 *
 * @public
 */
export function ownerChoicesOf(
  ownershipEntityRefs: readonly string[],
  allTeams: readonly string[],
): string[] {
  const personas = personasOf(ownershipEntityRefs);
  const all = [
    ...new Set(allTeams.map(t => t.toLocaleLowerCase('en-US'))),
  ].sort();
  if (capabilityAccess('scaffolder.run', personas) !== 'allow') {
    return [];
  }
  if (personas.includes('platform')) {
    return all;
  }
  const mine = new Set(teamsOf(ownershipEntityRefs));
  return all.filter(t => mine.has(t));
}

/** @public */
export function isPersona(id: Audience): id is PersonaId {
  return PERSONAS.some(p => p.id === id);
}
