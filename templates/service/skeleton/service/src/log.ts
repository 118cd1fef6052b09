type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * Structured logs: one JSON object per line on stdout, with Datadog's unified service tags so the
 * Datadog agent links every log line to the service, environment and version (and, with dd-trace's
 * log injection, to the trace).
 */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}) {
  process.stdout.write(
    `${JSON.stringify({
      timestamp: new Date().toISOString(),
      level,
      message,
      service: process.env.DD_SERVICE,
      env: process.env.DD_ENV,
      version: process.env.DD_VERSION,
      ...fields,
    })}\n`,
  );
}
