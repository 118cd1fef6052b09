import {
  RunningIn,
  SEVERITIES,
  Severity,
} from '@internal/plugin-security-findings-common';
import { RunningImage } from '../RunningImages';

export const rank = (s: Severity) => SEVERITIES.indexOf(s);
export const iso = (ms: number) => new Date(ms).toISOString();

export function runningByDigest(images: RunningImage[]) {
  const map = new Map<string, RunningIn[]>();
  for (const i of images) {
    const list = map.get(i.digest) ?? [];
    list.push({
      cluster: i.cluster,
      namespace: i.namespace,
      pods: i.pods,
      since: iso(i.since),
    });
    map.set(i.digest, list);
  }
  return map;
}
