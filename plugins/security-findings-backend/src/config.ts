import { Config } from '@backstage/config';
import {
  AnswerGuardPolicy,
  readAnswerGuardPolicy,
} from '@internal/backend-answer-guard';

export interface AccountRegion {
  accountId: string;
  region: string;
}

export interface SecurityFindingsConfig {
  targets: AccountRegion[];
  endpoints: { securityHub?: string; inspector2?: string };
  inspector2: boolean;
  complianceControls: boolean;
  clusters: string[];
  frequencyMinutes: number;
  timeoutMinutes: number;
  initialDelaySeconds: number;
  maxThrottleRetries: number;
  /** The longest Retry-After waited for (ms); longer gives up until the next run. */
  maxRetryAfterMs: number;
  /** How long one SecurityHub/Inspector2 request may go without an answer (ms). */
  requestTimeoutMs: number;
  /** Pages of one SecurityHub/Inspector2 query read at most. */
  maxPages: number;
  /** When a successful answer waits for confirmation by the next run instead of replacing the findings. */
  suspiciousDrop: AnswerGuardPolicy;
}

/** Reads the `securityFindings` section; undefined when the plugin is not configured. */
export function readSecurityFindingsConfig(
  config: Config,
): SecurityFindingsConfig | undefined {
  const c = config.getOptionalConfig('securityFindings');
  if (!c) return undefined;
  const targets = c.getConfigArray('accounts').flatMap(a => {
    const accountId = a.getString('accountId');
    if (!/^\d{12}$/.test(accountId)) {
      throw new Error(
        `securityFindings.accounts[].accountId must be a 12-digit AWS account id, got '${accountId}'`,
      );
    }
    return a.getStringArray('regions').map(region => ({ accountId, region }));
  });
  const number = (key: string, fallback: number) => {
    const value = c.getOptionalNumber(key) ?? fallback;
    if (!(value >= 0)) {
      throw new Error(`securityFindings.${key} must be a non-negative number`);
    }
    return value;
  };
  return {
    targets,
    endpoints: {
      securityHub: c.getOptionalString('endpoints.securityHub'),
      inspector2: c.getOptionalString('endpoints.inspector2'),
    },
    inspector2: c.getOptionalBoolean('inspector2') ?? true,
    complianceControls: c.getOptionalBoolean('complianceControls') ?? true,
    clusters: c.getOptionalStringArray('clusters') ?? ['prod', 'nonprod'],
    frequencyMinutes: number('schedule.frequencyMinutes', 60),
    timeoutMinutes: number('schedule.timeoutMinutes', 30),
    initialDelaySeconds: number('schedule.initialDelaySeconds', 10),
    maxThrottleRetries: number('maxThrottleRetries', 8),
    maxRetryAfterMs: number('maxRetryAfterSeconds', 60) * 1000,
    requestTimeoutMs: Math.max(1, number('requestTimeoutMs', 30_000)),
    maxPages: Math.max(1, number('maxPages', 5000)),
    suspiciousDrop: readAnswerGuardPolicy(c, 'securityFindings'),
  };
}
