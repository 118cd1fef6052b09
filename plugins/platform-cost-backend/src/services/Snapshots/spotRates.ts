import { LoggerService } from '@backstage/backend-plugin-api';
import { AnswerGuard } from '@internal/backend-answer-guard';
import { CostExplorerReader } from '../Billing';
import { SourceStatus, addDays, dayOf } from '../CostStore';
import { spotRatesFromBill } from './pricing';

export interface SpotRates {
  /** USD per hour by instance type. */
  rates: Map<string, number>;
  /** Where they come from, in words (shown with a spot node priced at on-demand). */
  source: string;
}

const stamp = (ms: number) =>
  new Date(ms).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');

/**
 * Spot rates per cluster, read from Cost Explorer on every run (also when the hour is already
 * snapshotted, so a failing Cost Explorer shows on the page within a run, not at the next hour).
 * A failed or held answer never empties them: the rates of the last good answer go on pricing spot
 * nodes, and the source's status says what fails since when.
 */
export function createSpotRateReader(options: {
  costExplorer?: CostExplorerReader;
  guard: AnswerGuard;
  status: SourceStatus;
  logger: LoggerService;
  now: () => number;
}) {
  const { costExplorer, guard, status, logger, now } = options;

  return async function spotRates(cluster: string): Promise<SpotRates> {
    if (!costExplorer) {
      return { rates: new Map(), source: 'Cost Explorer not configured' };
    }
    const source = {
      key: `costexplorer:${cluster}:spot-rates`,
      source: `Cost Explorer (${cluster})`,
      cluster,
    };
    const lastGood = async (why: string): Promise<SpotRates> => {
      const kept = await status.lastGood<Array<[string, number]>>(source.key);
      return kept
        ? {
            rates: new Map(kept.value),
            source: `${why}; rates of the last good answer (${stamp(kept.at)})`,
          }
        : { rates: new Map(), source: why };
    };
    const today = dayOf(now());
    let usage;
    try {
      usage = await costExplorer.usageByInstanceType(
        cluster,
        addDays(today, -7),
        today,
      );
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      logger.warn(
        `platform-cost: spot rates for ${cluster} unavailable: ${error}`,
      );
      const kept = await lastGood(`Cost Explorer failed: ${error}`);
      await status.failed(
        source,
        error,
        kept.rates.size
          ? `Spot nodes of ${cluster} are priced at the spot rates of the last good answer.`
          : `Spot nodes of ${cluster} are priced at the on-demand price until it answers.`,
      );
      return kept;
    }
    const verdict = await guard.judge({
      key: source.key,
      source: source.source,
      unit: 'billed lines for the last 7 days',
      count: usage.length,
      scope: cluster,
    });
    if (!verdict.store) {
      logger.warn(`platform-cost: ${verdict.held!.message}`);
      return lastGood(
        `Cost Explorer's answer not used: ${verdict.held!.message}`,
      );
    }
    await verdict.accept();
    const rates = spotRatesFromBill(usage);
    await status.ok(source, [...rates]);
    return { rates, source: 'effective rate billed in the last 7 days' };
  };
}
