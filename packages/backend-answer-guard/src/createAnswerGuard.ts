import { Knex } from 'knex';
import {
  AnswerGuardPolicy,
  AnswerMemory,
  HeldAnswer,
  heldOf,
  judgeAnswer,
} from './judgeAnswer';

/** One successful answer to judge. @public */
export interface AnswerToJudge {
  /** Stable id of what answered: `securityhub:123456789012/eu-west-1`, `kubernetes:prod:nodes`. */
  key: string;
  /** As a person reads it in a message: `SecurityHub (123456789012/eu-west-1)`. */
  source: string;
  /** What `count` counts: `findings`, `nodes`. */
  unit: string;
  /** Items in the answer. */
  count: number;
  /** What the page filters on (a cluster), if the source belongs to one. */
  scope?: string;
  /**
   * Start of the run that read the answer (epoch ms, default now): a pending answer recorded in
   * the same run never confirms itself, one from an earlier run does.
   */
  runStartedAt?: number;
}

/** The guard's decision about one answer. @public */
export interface AnswerJudgement {
  /** True: store the answer, then call `accept()`. False: keep the stored data; `held` says why. */
  store: boolean;
  held?: HeldAnswer;
  /** The drop an earlier run held, now confirmed by this answer. */
  confirmed?: HeldAnswer;
  /**
   * Records the stored answer as the new baseline; pass the transaction that stored the data so
   * both commit together. A no-op when `store` is false.
   */
  accept(trx?: Knex.Transaction): Promise<void>;
}

/** @public */
export interface AnswerGuard {
  judge(answer: AnswerToJudge): Promise<AnswerJudgement>;
  /** Every answer held now, oldest first: what the page says is waiting for confirmation. */
  held(): Promise<HeldAnswer[]>;
}

/**
 * The guard over a plugin's own table (created by the plugin's migration with a `key` string
 * primary key, a `memory` text column holding JSON and an `updated_at` bigint). A held answer is
 * recorded at once; an accepted one only when the caller says it was stored, so a failed write
 * never moves the baseline. The table lives in the plugin's database, so every replica and every
 * restart judges against the same baseline.
 *
 * @public
 */
export function createAnswerGuard(options: {
  db: Knex;
  table: string;
  policy?: Partial<AnswerGuardPolicy>;
  now?: () => number;
}): AnswerGuard {
  const { db, table, policy } = options;
  const now = options.now ?? Date.now;

  async function load(key: string): Promise<AnswerMemory | undefined> {
    const row = await db(table).where({ key }).first('memory');
    return row ? (JSON.parse(row.memory) as AnswerMemory) : undefined;
  }

  async function save(memory: AnswerMemory, trx?: Knex.Transaction) {
    await (trx ?? db)(table)
      .insert({
        key: memory.key,
        memory: JSON.stringify(memory),
        updated_at: now(),
      })
      .onConflict('key')
      .merge(['memory', 'updated_at']);
  }

  return {
    async judge(answer) {
      const at = new Date(now()).toISOString();
      const known = await load(answer.key);
      // The source's words may change (a renamed cluster label): the newest are used.
      const memory: AnswerMemory = {
        ...known,
        key: answer.key,
        source: answer.source,
        unit: answer.unit,
        ...(answer.scope !== undefined ? { scope: answer.scope } : {}),
      };
      const verdict = judgeAnswer(
        memory,
        {
          count: answer.count,
          at,
          runStartedAt: new Date(answer.runStartedAt ?? now()).toISOString(),
        },
        policy,
      );
      if (verdict.decision === 'hold') {
        await save(verdict.memory);
        return { store: false, held: verdict.held, accept: async () => {} };
      }
      return {
        store: true,
        ...(verdict.confirmed ? { confirmed: verdict.confirmed } : {}),
        accept: trx => save(verdict.memory, trx),
      };
    },

    async held() {
      const rows = await db(table).select('memory');
      return rows
        .map(r => heldOf(JSON.parse(r.memory) as AnswerMemory))
        .filter((h): h is HeldAnswer => !!h)
        .sort(
          (a, b) =>
            a.since.localeCompare(b.since) || a.key.localeCompare(b.key),
        );
    },
  };
}
