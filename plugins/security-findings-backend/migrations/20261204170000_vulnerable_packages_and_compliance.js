// @ts-check

/**
 * Every vulnerable package of a finding (JSON list, versions composed as the package manager writes
 * them) replaces the first package's columns; Security Hub control findings get their own table,
 * apart from the vulnerabilities.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('security_findings', table => {
    table.text('packages').notNullable().defaultTo('[]');
  });
  // Carry the one package stored so far over until the next ingestion run replaces the rows.
  const pg = String(knex.client.config.client).includes('pg');
  const object = pg ? 'json_build_object' : 'json_object';
  const array = pg ? 'json_build_array' : 'json_array';
  await knex.raw(
    `UPDATE security_findings SET packages = ${array}(${object}(
       'name', package_name, 'installedVersion', COALESCE(installed_version, ''),
       'fixedInVersion', fixed_in_version, 'packageManager', package_manager, 'filePath', file_path
     ))${pg ? '::text' : ''} WHERE package_name IS NOT NULL`,
  );
  await knex.schema.alterTable('security_findings', table => {
    table.dropColumn('package_name');
    table.dropColumn('installed_version');
    table.dropColumn('fixed_in_version');
    table.dropColumn('package_manager');
    table.dropColumn('file_path');
  });

  // One row per active control finding (one control, one standard or several, one resource).
  await knex.schema.createTable('security_compliance_findings', table => {
    table.string('finding_id', 512).notNullable().primary();
    table.string('account_id', 16).notNullable();
    table.string('region', 32).notNullable();
    table.string('control_id', 128).notNullable();
    table.text('title').notNullable();
    table.string('severity', 16).notNullable();
    table.string('status', 16).notNullable();
    table.text('standards').notNullable();
    table.string('workflow_status', 32).notNullable();
    table.string('resource_type', 128).notNullable();
    table.text('resource_id').notNullable();
    table.text('remediation_url').nullable();
    table.bigInteger('first_observed_at').notNullable();
    table.bigInteger('updated_at').notNullable();
    table.index(['control_id'], 'security_compliance_control_idx');
  });

  // Snapshots hold the previous response shape (one package per finding): recompute on demand.
  await knex('security_dashboard_snapshots').delete();
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('security_compliance_findings');
  await knex.schema.alterTable('security_findings', table => {
    table.string('package_name', 255).nullable();
    table.string('installed_version', 255).nullable();
    table.string('fixed_in_version', 255).nullable();
    table.string('package_manager', 64).nullable();
    table.text('file_path').nullable();
  });
  await knex.schema.alterTable('security_findings', table => {
    table.dropColumn('packages');
  });
  await knex('security_dashboard_snapshots').delete();
};
