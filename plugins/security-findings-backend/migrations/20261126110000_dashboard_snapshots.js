// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // The org dashboard as computed at the end of an ingestion run (JSON), so every replica serves
  // it with one lookup instead of aggregating all findings per request.
  await knex.schema.createTable('security_dashboard_snapshots', table => {
    table.integer('run_id').notNullable().primary();
    table.bigInteger('computed_at').notNullable();
    table.text('body').notNullable();
  });
  // Why a run that replaced the findings had less detail than usual (e.g. Inspector2 down).
  await knex.schema.alterTable('security_ingestion_runs', table => {
    table.text('partial').nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('security_ingestion_runs', table => {
    table.dropColumn('partial');
  });
  await knex.schema.dropTable('security_dashboard_snapshots');
};
