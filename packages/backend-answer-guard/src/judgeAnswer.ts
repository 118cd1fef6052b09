/**
 * The suspicious-drop rule, without storage: given what was last accepted (and what is already
 * waiting), may a new successful answer replace the stored data?
 */

/** When a successful answer is suspicious. @public */
export interface AnswerGuardPolicy {
  /**
   * Share of the last accepted count an answer must lose to wait for confirmation (0.5: an answer
   * with half as many items, or fewer, waits). An answer of zero after any items always waits.
   */
  fraction: number;
  /** Below this last accepted count only an answer of zero waits (a few items may all go at once). */
  minPrevious: number;
}

/** @public */
export const DEFAULT_ANSWER_GUARD_POLICY: AnswerGuardPolicy = {
  fraction: 0.5,
  minPrevious: 4,
};

/** What the guard remembers of one source (one row per key). @public */
export interface AnswerMemory {
  key: string;
  /** What answered, as a person reads it: `SecurityHub (123456789012/eu-west-1)`, `Kubernetes prod`. */
  source: string;
  /** What is counted: `findings`, `nodes`, `days`. */
  unit: string;
  /** What the page filters on, e.g. the cluster; absent for sources of the whole plugin. */
  scope?: string;
  /** The last answer that was stored. */
  accepted?: { count: number; at: string };
  /** A suspicious answer that was not stored and waits for the next run. */
  pending?: {
    count: number;
    /** ISO time the suspicious answers began. */
    since: string;
    /** ISO time of the latest suspicious answer. */
    lastSeenAt: string;
    reason: string;
  };
}

/** A suspicious answer not stored, as the page shows it: what is wrong and since when. @public */
export interface HeldAnswer {
  key: string;
  source: string;
  unit: string;
  scope?: string;
  /** Items in the held answer. */
  count: number;
  /** Items in the last stored answer, and when it was read. */
  acceptedCount: number;
  acceptedAt: string;
  /** ISO time the suspicious answers began. */
  since: string;
  lastSeenAt: string;
  /** `SecurityHub (…) answered 0 findings at … (had 400): waiting for confirmation by the next run`. */
  message: string;
}

/** The decision about one answer. @public */
export type AnswerVerdict =
  | {
      decision: 'accept';
      memory: AnswerMemory;
      /** Set when this answer confirms a drop held by an earlier run. */
      confirmed?: HeldAnswer;
    }
  | { decision: 'hold'; memory: AnswerMemory; held: HeldAnswer };

/** `2026-12-04 17:26 UTC`: a time a person reads in a message. */
export function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Describes why `current` is a suspicious answer after `previous` accepted items, or returns
 * `undefined` when it may be stored: zero after any items, or a loss of at least `fraction` from at
 * least `minPrevious` items. @public
 */
export function suspiciousDrop(
  previous: number,
  current: number,
  policy: Partial<AnswerGuardPolicy> = {},
): string | undefined {
  const { fraction, minPrevious } = {
    ...DEFAULT_ANSWER_GUARD_POLICY,
    ...policy,
  };
  if (current >= previous) return undefined;
  if (current === 0) return `none instead of ${previous}`;
  if (previous < minPrevious) return undefined;
  const lost = (previous - current) / previous;
  if (lost < fraction) return undefined;
  return `${Math.round(
    lost * 100,
  )} % fewer than the last stored answer (${current} instead of ${previous})`;
}

function heldAnswer(memory: AnswerMemory): HeldAnswer {
  const { pending, accepted } = memory;
  if (!pending || !accepted) throw new Error('nothing is held');
  return {
    key: memory.key,
    source: memory.source,
    unit: memory.unit,
    ...(memory.scope !== undefined ? { scope: memory.scope } : {}),
    count: pending.count,
    acceptedCount: accepted.count,
    acceptedAt: accepted.at,
    since: pending.since,
    lastSeenAt: pending.lastSeenAt,
    message: `${memory.source} answered ${pending.count} ${
      memory.unit
    } at ${readableTime(pending.lastSeenAt)} (had ${
      accepted.count
    } at ${readableTime(
      accepted.at,
    )}): not stored, waiting for confirmation by the next run`,
  };
}

/** The held answer a memory describes, if any. @public */
export function heldOf(memory: AnswerMemory): HeldAnswer | undefined {
  return memory.pending && memory.accepted ? heldAnswer(memory) : undefined;
}

/**
 * Judges one successful answer of `count` items read at `at`.
 *
 * - Nothing accepted yet, or not suspicious (see {@link suspiciousDrop}): accepted; a pending one is
 *   forgotten (the drop was a blip), unless it was seen in this same run (at or after
 *   `runStartedAt`): answers of one run neither confirm nor disprove each other's drop.
 * - Suspicious, and a suspicious answer is already pending from an earlier run (one that started
 *   before `runStartedAt`): accepted, as confirmed by a second consecutive run.
 * - Suspicious otherwise: held; the pending answer is recorded (its `since` kept if one was pending).
 *
 * @public
 */
export function judgeAnswer(
  memory: AnswerMemory,
  answer: { count: number; at: string; runStartedAt?: string },
  policy: Partial<AnswerGuardPolicy> = {},
): AnswerVerdict {
  const { count, at } = answer;
  const runStartedAt = answer.runStartedAt ?? at;
  const accept = (
    confirmed?: HeldAnswer,
    keepPending?: AnswerMemory['pending'],
  ): AnswerVerdict => ({
    decision: 'accept',
    memory: {
      key: memory.key,
      source: memory.source,
      unit: memory.unit,
      ...(memory.scope !== undefined ? { scope: memory.scope } : {}),
      accepted: { count, at },
      ...(keepPending ? { pending: keepPending } : {}),
    },
    ...(confirmed ? { confirmed } : {}),
  });
  if (!memory.accepted) return accept();
  const reason = suspiciousDrop(memory.accepted.count, count, policy);
  if (!reason) {
    const sameRun =
      memory.pending && memory.pending.lastSeenAt >= runStartedAt
        ? memory.pending
        : undefined;
    return accept(undefined, sameRun);
  }
  if (memory.pending && memory.pending.lastSeenAt < runStartedAt) {
    return accept(
      heldAnswer({
        ...memory,
        pending: { ...memory.pending, count, lastSeenAt: at },
      }),
    );
  }
  const held: AnswerMemory = {
    ...memory,
    pending: {
      count,
      since: memory.pending?.since ?? at,
      lastSeenAt: at,
      reason,
    },
  };
  return { decision: 'hold', memory: held, held: heldAnswer(held) };
}
