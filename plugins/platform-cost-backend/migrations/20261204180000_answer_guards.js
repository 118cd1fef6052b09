// @ts-check

/**
 * What a successful Kubernetes, Cost Explorer or OpenCost answer is judged against before it is
 * stored (@internal/backend-answer-guard): per source, the last stored count and the suspicious
 * answer waiting for confirmation by the next run. A snapshot hour whose answer was held is a
 * `cost_snapshots` row with status `held` (its `error` says why).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('cost_answer_guards', t => {
    t.string('key', 255).primary();
    t.text('memory')
      .notNullable()
      .comment('JSON: last stored count, answer held');
    t.bigInteger('updated_at').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cost_answer_guards');
};
