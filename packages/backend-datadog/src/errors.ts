import { CustomErrorBase } from '@backstage/errors';

/** Datadog refused the configured keys or they are missing. The message never contains a key. */
export class DatadogConfigurationError extends CustomErrorBase {
  name = 'DatadogConfigurationError' as const;
}

/** Datadog throttles this family of requests until `retryAt` (epoch ms). */
export class DatadogRateLimitError extends CustomErrorBase {
  name = 'DatadogRateLimitError' as const;
  constructor(message: string, readonly retryAt: number) {
    super(message);
  }
}

/** Datadog is unreachable, slow, failing or answered something unreadable. */
export class DatadogUnavailableError extends CustomErrorBase {
  name = 'DatadogUnavailableError' as const;
}
