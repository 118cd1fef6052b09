import { CAPABILITIES } from './capabilities';
import { capabilityAccess } from './decide';
import { PERSONAS } from './personas';

const CELL = {
  allow: 'yes',
  deny: '—',
  owners: "own team's",
  'task-owner': 'own tasks',
} as const;

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/**
 * The permission table as markdown: one row per capability, one column per persona, then the
 * permissions and the refusal a person sees. The README's "Who may do what" section is this
 * output (a test compares them).
 *
 * @public
 */
export function renderAccessTableMarkdown(): string {
  const header = [
    'Capability',
    ...PERSONAS.map(p => p.title),
    'Permissions',
    'Who',
    'Refusal',
  ];
  const rows = CAPABILITIES.map(c => [
    c.action,
    ...PERSONAS.map(p => CELL[capabilityAccess(c.id, [p.id])]),
    c.permissions.length
      ? c.permissions.map(p => `\`${p}\``).join(', ')
      : c.note ?? '—',
    c.whoText,
    c.refusal,
  ]);
  const line = (cells: string[]) => `| ${cells.map(escape).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join(
    '\n',
  );
}
