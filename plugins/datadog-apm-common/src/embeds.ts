import {
  DATADOG_DASHBOARD_URL_ANNOTATION,
  DATADOG_GRAPH_SIZE_ANNOTATION,
  DATADOG_GRAPH_TOKEN_ANNOTATION,
} from './annotations';
import { DatadogEmbeds } from './types';

/** Graph sizes of the Roadie Datadog plugin. @public */
export const DATADOG_GRAPH_SIZES: Record<
  string,
  { width: number; height: number }
> = {
  small: { width: 400, height: 200 },
  medium: { width: 600, height: 300 },
  large: { width: 800, height: 400 },
  'x-large': { width: 1000, height: 500 },
};

/**
 * The iframes the Roadie plugin showed for an entity: its public dashboard as is, and each
 * shared graph from `<publicBaseUrl>/graph/embed`. Undefined when there is nothing to embed.
 *
 * @public
 */
export function resolveEmbeds(
  annotations: Record<string, string>,
  publicBaseUrl: string,
): DatadogEmbeds | undefined {
  const dashboard = annotations[DATADOG_DASHBOARD_URL_ANNOTATION]?.trim();
  const tokens = (annotations[DATADOG_GRAPH_TOKEN_ANNOTATION] ?? '')
    .split(',')
    .map(t => t.trim())
    .filter(Boolean);
  if (!dashboard && tokens.length === 0) return undefined;
  const size =
    DATADOG_GRAPH_SIZES[annotations[DATADOG_GRAPH_SIZE_ANNOTATION] ?? ''] ??
    DATADOG_GRAPH_SIZES.medium;
  const dashboardUrl =
    dashboard && /^https?:\/\//.test(dashboard) ? dashboard : undefined;
  return {
    ...(dashboardUrl ? { dashboardUrl } : {}),
    graphs: tokens.map(token => ({
      token,
      ...size,
      url: `${publicBaseUrl.replace(
        /\/+$/,
        '',
      )}/graph/embed?${new URLSearchParams({
        token,
        height: String(size.height),
        width: String(size.width),
        legend: 'true',
      })}`,
    })),
  };
}
