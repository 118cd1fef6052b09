// @ts-check

/**
 * What a successful SecurityHub/Inspector2 answer is judged against before it replaces the findings
 * (@internal/backend-answer-guard): per source, the last stored count and the suspicious answer
 * waiting for confirmation by the next run. Runs record the answers they held.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('security_answer_guards', table => {
    table.string('key', 255).notNullable().primary();
    table
      .text('memory')
      .notNullable()
      .comment('JSON: last stored count, answer held');
    table.bigInteger('updated_at').notNullable();
  });
  await knex.schema.alterTable('security_ingestion_runs', table => {
    table
      .text('held')
      .nullable()
      .comment('why the run stored nothing: answers waiting for confirmation');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('security_ingestion_runs', table => {
    table.dropColumn('held');
  });
  await knex.schema.dropTable('security_answer_guards');
};
