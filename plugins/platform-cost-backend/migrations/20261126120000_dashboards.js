// @ts-check

/**
 * Precomputed dashboards, one per cluster choice and range, written at the end of each snapshot
 * run so every replica serves them with one lookup.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_dashboards', t => {
    t.string('cluster').notNullable().comment('a cluster name, or all');
    t.integer('days').notNullable();
    t.string('snapshot_hour')
      .notNullable()
      .comment('latest snapshot hour the dashboard was computed after');
    t.string('day').notNullable().comment('the day its range ends on');
    t.text('body').notNullable().comment('the dashboard as served (JSON)');
    t.primary(['cluster', 'days']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_dashboards');
};
