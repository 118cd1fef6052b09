/**
 * Datadog `service` tag of the entity (unified service tagging: `DD_SERVICE`).
 *
 * @public
 */
export const DATADOG_SERVICE_NAME_ANNOTATION = 'datadoghq.com/service-name';

/**
 * Roadie Datadog plugin: URL of a public (shared) Datadog dashboard to embed.
 *
 * @public
 */
export const DATADOG_DASHBOARD_URL_ANNOTATION = 'datadoghq.com/dashboard-url';

/**
 * Roadie Datadog plugin: token of a shared graph (several separated by commas).
 *
 * @public
 */
export const DATADOG_GRAPH_TOKEN_ANNOTATION = 'datadoghq.com/graph-token';

/**
 * Roadie Datadog plugin: size of the embedded graphs (`small`, `medium`, `large`, `x-large`).
 *
 * @public
 */
export const DATADOG_GRAPH_SIZE_ANNOTATION = 'datadoghq.com/graph-size';

/**
 * Roadie Datadog plugin: Datadog site of the shared graphs, e.g. `datadoghq.eu`.
 *
 * @public
 */
export const DATADOG_SITE_ANNOTATION = 'datadoghq.com/site';

/** Minimal entity shape the predicates need. @public */
export interface AnnotatedEntity {
  metadata: { annotations?: Record<string, string> };
}

/** The entity names a Datadog APM service. @public */
export function hasDatadogService(entity: AnnotatedEntity): boolean {
  return !!entity.metadata.annotations?.[DATADOG_SERVICE_NAME_ANNOTATION];
}

/** The entity carries the Roadie plugin's dashboard or graph annotations. @public */
export function hasDatadogEmbeds(entity: AnnotatedEntity): boolean {
  const a = entity.metadata.annotations ?? {};
  return !!(
    a[DATADOG_DASHBOARD_URL_ANNOTATION] || a[DATADOG_GRAPH_TOKEN_ANNOTATION]
  );
}

/** Whether the Datadog card and tab apply to the entity. @public */
export function isDatadogAvailable(entity: AnnotatedEntity): boolean {
  return hasDatadogService(entity) || hasDatadogEmbeds(entity);
}
