export {
  ANNOTATIONS,
  deriveCatalogEntities,
  catalogYaml,
  ROADIE_DATADOG_SERVICE_INDEX,
  writeCatalogFile,
} from './entities';
