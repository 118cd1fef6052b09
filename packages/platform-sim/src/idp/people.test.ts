import { OUTSIDER, loadPeople, peopleFromOrgYaml } from './people';

describe('the local IdP people', () => {
  it("are the repository's catalog Users with an e-mail, plus Nora who is not in the catalog", async () => {
    const people = await loadPeople();
    const bySub = new Map(people.map(p => [p.sub, p]));
    expect(bySub.get('ana.silva')).toEqual({
      sub: 'ana.silva',
      email: 'ana.silva@example.com',
      name: 'Ana Silva',
      teams: ['Payments'],
      personas: ['Junior developers'],
      inCatalog: true,
    });
    expect(bySub.get('farid.haddad')?.personas).toEqual(['Reviewers']);
    expect(bySub.get('grace.lee')?.personas).toEqual(['Leads']);
    expect(bySub.get('ivan.petrov')?.teams).toEqual(['Platform team']);
    expect(people[people.length - 1]).toEqual(OUTSIDER);
    expect(people.filter(p => !p.inCatalog)).toEqual([OUTSIDER]);
  });

  it('refuses an org file that makes Nora a catalog User', () => {
    expect(() =>
      peopleFromOrgYaml(`
kind: User
metadata: { name: nora }
spec: { profile: { email: nobody@example.com }, memberOf: [] }
`),
    ).toThrow(/nobody@example.com is a catalog User/);
  });

  it('names the org file it cannot read', async () => {
    await expect(loadPeople('/nonexistent/org.yaml')).rejects.toThrow(
      /reads its people from \/nonexistent\/org.yaml/,
    );
  });
});
