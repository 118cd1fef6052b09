export { ParityChips, ParityTable } from './Parity';
