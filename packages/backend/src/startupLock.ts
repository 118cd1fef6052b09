import {
  coreServices,
  createServiceFactory,
  RootConfigService,
  RootLoggerService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { DatabaseManager } from '@backstage/backend-defaults/database';

/** The part of node-postgres' client used here (the package ships no types). */
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values: unknown[]): Promise<unknown>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client } = require('pg') as {
  Client: new (config: Record<string, unknown>) => PgClient;
};

/** The advisory lock replicas take while they start: any 64-bit number all replicas agree on. */
export const STARTUP_LOCK_KEY = '7451001600';

/**
 * One replica starts (creates its databases and runs every migration) at a time.
 *
 * Two replicas started at once on a fresh PostgreSQL fail: Backstage's own stores and plugins
 * create their knex migration tables with check-then-create (`relation
 * "…_knex_migrations_lock" already exists`) and refuse a migration table another process holds
 * (`MigrationLocked: Migration table is already locked`), and the backend exits. So the first
 * time a plugin asks for its database, the replica takes a PostgreSQL session advisory lock and
 * holds it until every plugin has started; another replica's plugins wait for it, then find the
 * migrations done. A replica that dies while starting releases the lock with its connection.
 * SQLite (one process per file) needs none.
 */
function createStartupLock(
  config: RootConfigService,
  logger: RootLoggerService,
) {
  const client = config.getOptionalString('backend.database.client');
  if (client !== 'pg')
    return { acquire: async () => {}, release: async () => {} };
  const connection = config.get('backend.database.connection') as
    | string
    | Record<string, unknown>;
  const pg = new Client(
    typeof connection === 'string'
      ? { connectionString: connection, database: 'postgres' }
      : { ...connection, database: connection.database ?? 'postgres' },
  );
  let acquired: Promise<void> | undefined;
  return {
    acquire() {
      acquired ??= (async () => {
        const started = Date.now();
        await pg.connect();
        await pg.query('select pg_advisory_lock($1::bigint)', [
          STARTUP_LOCK_KEY,
        ]);
        logger.info(
          `Start-up lock taken after ${
            Date.now() - started
          } ms: this replica migrates and starts alone`,
        );
      })();
      return acquired;
    },
    async release() {
      if (!acquired) return;
      await acquired.catch(() => {});
      await pg.end().catch(() => {}); // ending the session releases the lock
      logger.info('Start-up lock released');
    },
  };
}

/** Backstage's database service, with plugins' databases handed out under the start-up lock. */
export const startupLockedDatabaseServiceFactory = createServiceFactory({
  service: coreServices.database,
  deps: {
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    logger: coreServices.logger,
    pluginMetadata: coreServices.pluginMetadata,
    rootLifecycle: coreServices.rootLifecycle,
    rootLogger: coreServices.rootLogger,
  },
  async createRootContext({ config, rootLifecycle, rootLogger }) {
    const lock = createStartupLock(config, rootLogger);
    rootLifecycle.addStartupHook(() => lock.release());
    rootLifecycle.addShutdownHook(() => lock.release());
    // As backend-defaults' databaseServiceFactory: in-memory SQLite without backend.database.
    const manager = config.getOptional('backend.database')
      ? DatabaseManager.fromConfig(config, { rootLifecycle, rootLogger })
      : DatabaseManager.fromConfig(
          new ConfigReader({
            backend: {
              database: { client: 'better-sqlite3', connection: ':memory:' },
            },
          }),
          { rootLifecycle, rootLogger },
        );
    return { lock, manager };
  },
  async factory({ pluginMetadata, lifecycle, logger }, { lock, manager }) {
    await lock.acquire();
    return manager.forPlugin(pluginMetadata.getId(), { lifecycle, logger });
  },
});
