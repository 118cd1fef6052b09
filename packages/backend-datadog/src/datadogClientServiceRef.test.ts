import { ConfigReader } from '@backstage/config';
import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { DatadogService, datadogServiceRef } from './datadogClientServiceRef';
import { readDatadogConnection } from './readDatadogConnection';

describe('readDatadogConnection', () => {
  it('turns the short site names every Pier plugin accepts into the site API origin', () => {
    const at = (site: string) =>
      readDatadogConnection(new ConfigReader({ datadog: { site } })).apiBaseUrl;
    expect(at('eu')).toBe('https://api.datadoghq.eu');
    expect(at('us5')).toBe('https://api.us5.datadoghq.com');
    expect(
      readDatadogConnection(
        new ConfigReader({
          datadog: { site: 'eu', baseUrl: 'http://127.0.0.1:7305/' },
        }),
      ).apiBaseUrl,
    ).toBe('http://127.0.0.1:7305');
    expect(() => at('datadog.example')).toThrow(
      /datadog.site "datadog.example" is not a Datadog site/,
    );
  });
});

describe('datadogServiceRef', () => {
  it('gives every plugin the same client, configured only with both keys', async () => {
    const seen: Record<string, DatadogService> = {};
    const plugin = (pluginId: string) =>
      createBackendPlugin({
        pluginId,
        register(env) {
          env.registerInit({
            deps: { datadog: datadogServiceRef, logger: coreServices.logger },
            async init({ datadog }) {
              seen[pluginId] = datadog;
            },
          });
        },
      });
    const backend = await startTestBackend({
      features: [
        plugin('apm'),
        plugin('cost'),
        mockServices.rootConfig.factory({
          data: { datadog: { site: 'eu', apiKey: 'k' } },
        }),
      ],
    });
    try {
      expect(seen.apm).toBe(seen.cost);
      expect(seen.apm.connection.apiBaseUrl).toBe('https://api.datadoghq.eu');
      expect(seen.apm.configured).toBe(false);
      await expect(seen.apm.queryMetrics(0, 1, 'q')).rejects.toThrow(
        /Datadog keys are not configured/,
      );
    } finally {
      await backend.stop();
    }
  });
});
