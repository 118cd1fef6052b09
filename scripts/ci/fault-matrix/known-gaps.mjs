// Cells of the fault matrix that fail because of how a plugin works today, with why. Keyed
// "<upstream> <fault id>". They count as passed; the table shows what they did ("known gap", or
// "pass (known gap fixed?)" when one passes: then remove it here).
import { FAULTS } from './probes.mjs';

const BACKFILL_ONLY =
  "platform-cost reads OpenCost only while a cluster's history before its first snapshot is backfilled " +
  '(the first runs, until every day is stored); afterwards no page depends on it, so a fault that begins ' +
  'later changes nothing a user sees. The backfill under each fault (the problem on the dashboard with since ' +
  'when, the missing days read again by the next run) is covered in process against platform-sim by ' +
  'createSnapshotter.sources.test.ts';

export const KNOWN_GAPS = Object.fromEntries(
  FAULTS.map(f => [`opencost ${f.id}`, BACKFILL_ONLY]),
);
