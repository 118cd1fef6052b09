import fs from 'node:fs';
import path from 'node:path';
import { renderAccessTableMarkdown } from '.';

const START = '<!-- access-table:start';
const END = '<!-- access-table:end -->';

/** Table rows as trimmed cells, so the README may be re-aligned by prettier. */
function rows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter(line => line.trim().startsWith('|'))
    .map(line =>
      line
        .trim()
        .replace(/^\||\|$/g, '')
        .split(/(?<!\\)\|/)
        .map(cell => cell.trim().replace(/^-+$/, '---')),
    );
}

describe('README "Who may do what"', () => {
  it('is the table @internal/access-policy renders', () => {
    const readme = fs.readFileSync(
      path.resolve(__dirname, '../../../README.md'),
      'utf8',
    );
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    expect(rows(readme.slice(start, end))).toEqual(
      rows(renderAccessTableMarkdown()),
    );
  });
});
