export {
  ANNOTATIONS,
  deriveCatalogEntities,
  catalogYaml,
  writeCatalogFile,
} from './entities';
