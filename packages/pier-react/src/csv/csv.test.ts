import { downloadFile, toCsv } from './csv';

describe('toCsv', () => {
  it('quotes only the cells that need it, and leaves missing values empty', () => {
    expect(
      toCsv([
        ['service', 'note', 'cost_usd'],
        ['cart', 'says "hi", twice', 12.5],
        ['checkout', undefined, null],
      ]),
    ).toBe('service,note,cost_usd\ncart,"says ""hi"", twice",12.5\ncheckout,,');
  });
});

describe('downloadFile', () => {
  it('hands the browser a file with the given name and content', async () => {
    const created: Blob[] = [];
    const clicked: string[] = [];
    URL.createObjectURL = (b: Blob) => {
      created.push(b);
      return 'blob:pier/1';
    };
    URL.revokeObjectURL = () => {};
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(`${this.download} ${this.href}`);
      });
    downloadFile('platform-cost-all-30d.csv', 'a,b\n1,2');
    expect(clicked).toEqual(['platform-cost-all-30d.csv blob:pier/1']);
    expect(created[0].type).toBe('text/csv');
    expect(await created[0].text()).toBe('a,b\n1,2');
    click.mockRestore();
  });
});
