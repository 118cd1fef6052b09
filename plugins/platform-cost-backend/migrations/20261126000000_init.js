// @ts-check

/**
 * Platform cost tables: snapshot runs, hourly node inventory, daily rollups per cluster, nodepool
 * and service, removed nodes and price flags. Runs on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_snapshots', t => {
    t.string('cluster').notNullable();
    t.string('hour')
      .notNullable()
      .comment('ISO hour, e.g. 2026-11-26T07:00:00Z');
    t.string('day').notNullable();
    t.string('status').notNullable().comment('ok | failed');
    t.text('error');
    t.text('workloads').comment(
      'JSON: latest per-workload facts for recommendations',
    );
    t.primary(['cluster', 'hour']);
    t.index(['cluster', 'day']);
  });
  await knex.schema.createTable('cost_node_hours', t => {
    t.string('cluster').notNullable();
    t.string('hour').notNullable();
    t.string('node').notNullable();
    t.string('nodepool').notNullable();
    t.string('instance_type').notNullable();
    t.string('capacity_type').notNullable();
    t.string('arch').notNullable();
    t.string('zone').notNullable();
    t.double('hourly').notNullable();
    t.double('on_demand_hourly').notNullable();
    t.double('cpu_allocatable').notNullable();
    t.double('cpu_requested').notNullable();
    t.string('price_flag');
    t.primary(['cluster', 'hour', 'node']);
  });
  /**
   * @param {import('knex').Knex.CreateTableBuilder} t
   * @param {(t: import('knex').Knex.CreateTableBuilder) => void} extra
   */
  const daily = (t, extra) => {
    t.string('day').notNullable();
    t.string('cluster').notNullable();
    t.string('source').notNullable().comment('snapshot | billing');
    t.double('hours').notNullable().defaultTo(0);
    t.double('cost').notNullable().defaultTo(0);
    t.double('spot_cost').notNullable().defaultTo(0);
    t.double('arm_cost').notNullable().defaultTo(0);
    extra(t);
  };
  await knex.schema.createTable('cost_daily_cluster', t => {
    daily(t, () => {
      t.double('spot_on_demand_cost').notNullable().defaultTo(0);
      t.double('arm_x86_cost').notNullable().defaultTo(0);
      t.double('idle_cost').notNullable().defaultTo(0);
      t.double('node_hours').notNullable().defaultTo(0);
      t.double('cpu_requested_hours');
      t.double('cpu_allocatable_hours');
      t.primary(['day', 'cluster']);
    });
  });
  await knex.schema.createTable('cost_daily_nodepool', t => {
    daily(t, () => {
      t.string('nodepool').notNullable();
      t.double('node_hours').notNullable().defaultTo(0);
      t.primary(['day', 'cluster', 'nodepool']);
    });
  });
  await knex.schema.createTable('cost_daily_service', t => {
    daily(t, () => {
      t.string('namespace').notNullable();
      t.string('kubernetes_id')
        .notNullable()
        .comment('empty for unlabelled pods');
      t.string('entity_ref');
      t.string('team');
      t.primary(['day', 'cluster', 'namespace', 'kubernetes_id']);
      t.index(['kubernetes_id']);
    });
  });
  await knex.schema.createTable('cost_removed_nodes', t => {
    t.string('cluster').notNullable();
    t.string('node').notNullable();
    t.string('nodepool').notNullable();
    t.string('instance_type').notNullable();
    t.double('hourly').notNullable();
    t.string('removed_at')
      .notNullable()
      .comment('ISO hour of the first snapshot without it');
    t.primary(['cluster', 'node']);
  });
  await knex.schema.createTable('cost_price_flags', t => {
    t.string('instance_type').primary();
    t.string('costed_as').notNullable();
    t.text('reason').notNullable();
    t.string('last_seen').notNullable();
  });
  await knex.schema.createTable('cost_backfills', t => {
    t.string('cluster').primary();
    t.string('done_at').notNullable();
    t.string('first_day');
    t.string('last_day');
    t.text('note').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  for (const table of [
    'cost_backfills',
    'cost_price_flags',
    'cost_removed_nodes',
    'cost_daily_service',
    'cost_daily_nodepool',
    'cost_daily_cluster',
    'cost_node_hours',
    'cost_snapshots',
  ]) {
    await knex.schema.dropTable(table);
  }
};
