import {
  accessOf,
  explainOwnerRefusal,
  explainRefusal,
  ownerChoicesOf,
  personasOf,
  renderAccessTableMarkdown,
  teamsOf,
} from '.';

const ana = [
  'user:default/ana.silva',
  'group:default/team-payments',
  'group:default/junior-developers',
];
const grace = [
  'user:default/grace.lee',
  'group:default/team-payments',
  'group:default/leads',
];
const ivan = ['user:default/ivan.petrov', 'group:default/platform-team'];
const teams = [
  'group:default/platform-team',
  'group:default/team-payments',
  'group:default/team-checkout',
];

describe('access policy table', () => {
  it('derives personas and teams from ownership refs', () => {
    expect(personasOf(ana)).toEqual(['junior']);
    expect(personasOf(['Group:default/Leads'])).toEqual(['lead']);
    expect(teamsOf(ana)).toEqual(['group:default/team-payments']);
    expect(teamsOf(ivan)).toEqual(['group:default/platform-team']);
  });

  it('answers per persona, deny by default', () => {
    expect(accessOf(['junior'], 'platform-cost.dashboard.read')).toBe('deny');
    expect(accessOf(['lead'], 'platform-cost.dashboard.read')).toBe('allow');
    expect(accessOf(['junior'], 'security-findings.entity.read')).toBe(
      'owners',
    );
    expect(accessOf(['junior'], 'catalog.entity.delete')).toBe('owners');
    expect(accessOf(['platform'], 'catalog.entity.delete')).toBe('allow');
    expect(accessOf(['platform'], 'kubernetes.proxy')).toBe('deny');
    expect(accessOf(['reviewer'], 'scaffolder.task.read')).toBe('task-owner');
    expect(accessOf(['platform'], 'something.unknown')).toBe('deny');
  });

  it('limits owner choices to the caller’s teams unless platform', () => {
    expect(ownerChoicesOf(ana, teams)).toEqual(['group:default/team-payments']);
    expect(ownerChoicesOf(ivan, teams)).toEqual([...teams].sort());
    expect(ownerChoicesOf(grace, teams)).toEqual([]);
  });

  it('explains refusals with who can grant them', () => {
    expect(explainRefusal('platform-cost.dashboard.read')).toMatch(
      /^Only leads and the platform team may .*; ask the platform team \(platform@example.com\) to add you to the Leads group\.$/,
    );
    expect(
      explainOwnerRefusal('group:default/team-checkout', [
        'group:default/team-payments',
      ]),
    ).toMatch(
      /Only members of group:default\/team-checkout .*yours: group:default\/team-payments/,
    );
  });

  it('renders the table with a column per persona', () => {
    const md = renderAccessTableMarkdown();
    expect(md.split('\n')[0]).toBe(
      '| Capability | Junior developer | Reviewer | Lead | Platform team | Permissions | Who | Refusal |',
    );
    expect(md).toContain(
      "| read a service's cost card | own team's | yes | yes | yes | `platform-cost.entity.read` |",
    );
  });
});
