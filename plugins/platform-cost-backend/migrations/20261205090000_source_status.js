// @ts-check

/**
 * Sources a run reads besides the hour's cluster inventory (Cost Explorer's spot rates, the
 * billing backfill), one row per source and cluster: when it last answered well, with what
 * (`last_good`, JSON: the spot rates priced with while it fails), and the problem since when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_source_status', t => {
    t.string('key', 255).primary();
    t.string('source', 255).notNullable().comment('Cost Explorer (prod)');
    t.string('cluster', 255).notNullable();
    t.bigInteger('ok_at').nullable().comment('last good answer, epoch ms');
    t.text('last_good')
      .nullable()
      .comment('JSON kept from the last good answer');
    t.text('error').nullable().comment('the problem now; null when fine');
    t.bigInteger('error_since').nullable();
    t.text('consequence').nullable().comment('what the figures do meanwhile');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_source_status');
};
