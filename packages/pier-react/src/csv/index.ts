export { downloadFile, toCsv } from './csv';
