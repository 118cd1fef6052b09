// The whole validator, as the backend imports it (through the scaffolder's actions).
import { validateFiles } from '../index';
import { format } from './hcl';

/** The Go runtime of HashiCorp's HCL tools, once either WebAssembly program has started. */
const goRuntime = () => (globalThis as { Go?: unknown }).Go;

describe('HCL tools (WebAssembly)', () => {
  it('are not started by importing the validator, so processes that never read Terraform do not carry them', async () => {
    expect(validateFiles).toBeDefined();
    await new Promise(resolve => setTimeout(resolve, 200));
    expect(goRuntime()).toBeUndefined();
  });

  it('start with the first Terraform file and format it', async () => {
    expect(await format('a    = 1\nbb = 2\n')).toBe('a  = 1\nbb = 2\n');
    expect(goRuntime()).toBeDefined();
  });
});
