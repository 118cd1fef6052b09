// @ts-check

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // One row per open finding and catalog entity it maps to (entity_ref '' when unmapped).
  await knex.schema.createTable('security_findings', table => {
    table.string('finding_id', 512).notNullable();
    table.string('entity_ref', 255).notNullable().defaultTo('');
    table.string('owner', 255).notNullable().defaultTo('');
    table.string('account_id', 16).notNullable();
    table.string('region', 32).notNullable();
    table.string('severity', 16).notNullable();
    table.text('title').notNullable();
    table.string('cve', 64).nullable();
    table.string('package_name', 255).nullable();
    table.string('installed_version', 255).nullable();
    table.string('fixed_in_version', 255).nullable();
    table.string('package_manager', 64).nullable();
    table.text('file_path').nullable();
    table.text('remediation').nullable();
    table.text('remediation_url').nullable();
    table.string('workflow_status', 32).notNullable();
    table.bigInteger('first_observed_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.string('resource_type', 64).notNullable();
    table.text('resource_id').notNullable();
    table.string('repository', 255).nullable();
    table.string('image_digest', 80).nullable();
    table.text('image_tags').notNullable();
    table.primary(['finding_id', 'entity_ref']);
    table.index(['entity_ref'], 'security_findings_entity_idx');
    table.index(['image_digest'], 'security_findings_digest_idx');
    table.index(['repository'], 'security_findings_repository_idx');
  });

  // Image digests running per cluster and namespace, from pod status.containerStatuses[].imageID.
  await knex.schema.createTable('security_running_images', table => {
    table.string('cluster', 63).notNullable();
    table.string('namespace', 63).notNullable();
    table.string('digest', 80).notNullable();
    table.string('repository', 255).notNullable();
    table.integer('pods').notNullable();
    table.bigInteger('since').notNullable();
    table.primary(['cluster', 'namespace', 'digest']);
    table.index(['digest'], 'security_running_images_digest_idx');
  });

  await knex.schema.createTable('security_ingestion_runs', table => {
    table.increments('id');
    table.bigInteger('started_at').notNullable();
    table.bigInteger('finished_at').nullable();
    table.boolean('ok').notNullable().defaultTo(false);
    table.text('error').nullable();
    table.integer('findings').nullable();
    table.text('stale_clusters').notNullable().defaultTo('[]');
  });

  // Open findings per day, owner and severity, for the 30/90-day trends.
  await knex.schema.createTable('security_daily_counts', table => {
    table.string('day', 10).notNullable();
    table.string('owner', 255).notNullable();
    table.string('severity', 16).notNullable();
    table.integer('open_count').notNullable();
    table.boolean('reconstructed').notNullable();
    table.primary(['day', 'owner', 'severity']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_daily_counts');
  await knex.schema.dropTable('security_ingestion_runs');
  await knex.schema.dropTable('security_running_images');
  await knex.schema.dropTable('security_findings');
};
