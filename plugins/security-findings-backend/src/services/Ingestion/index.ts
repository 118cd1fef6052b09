export * from './createIngestion';
export * from './entityMapping';
