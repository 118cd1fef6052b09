import { AnswerMemory, judgeAnswer, suspiciousDrop } from './judgeAnswer';

const base: AnswerMemory = {
  key: 'securityhub:123456789012/eu-west-1',
  source: 'SecurityHub (123456789012/eu-west-1)',
  unit: 'findings',
};
const T = (h: number) => `2026-12-04T${String(h).padStart(2, '0')}:00:00.000Z`;

describe('suspiciousDrop', () => {
  it('calls zero after any items, and a loss of half or more from 4 items, suspicious', () => {
    expect(suspiciousDrop(400, 0)).toBe('none instead of 400');
    expect(suspiciousDrop(1, 0)).toBe('none instead of 1');
    expect(suspiciousDrop(400, 40)).toBe(
      '90 % fewer than the last stored answer (40 instead of 400)',
    );
    expect(suspiciousDrop(400, 200)).toMatch(/^50 % fewer/);
    expect(suspiciousDrop(400, 201)).toBeUndefined();
    expect(suspiciousDrop(3, 1)).toBeUndefined();
    expect(suspiciousDrop(0, 0)).toBeUndefined();
    expect(suspiciousDrop(10, 500)).toBeUndefined();
  });

  it('takes its thresholds from the policy', () => {
    expect(suspiciousDrop(100, 80, { fraction: 0.1 })).toMatch(/^20 %/);
    expect(suspiciousDrop(20, 2, { minPrevious: 50 })).toBeUndefined();
  });
});

describe('judgeAnswer', () => {
  it("keeps a drop held when a whole answer of the same run comes after it (days read side by side), and forgets it on the next run's whole answer", () => {
    const accepted = { ...base, accepted: { count: 400, at: T(1) } };
    const run = T(2);
    const dropped = judgeAnswer(accepted, {
      count: 40,
      at: T(2),
      runStartedAt: run,
    });
    expect(dropped.decision).toBe('hold');
    // Another day of the same run, read whole, finishes later: it is stored, the drop stays held.
    const whole = judgeAnswer(dropped.memory, {
      count: 400,
      at: T(2),
      runStartedAt: run,
    });
    expect(whole.decision).toBe('accept');
    expect(whole.memory.pending).toMatchObject({ count: 40, since: T(2) });
    // The next run answers whole: the drop was a blip, forgotten.
    const next = judgeAnswer(whole.memory, {
      count: 400,
      at: T(3),
      runStartedAt: T(3),
    });
    expect(next.memory.pending).toBeUndefined();
  });

  it('accepts the first answer, whatever it holds', () => {
    const v = judgeAnswer(base, { count: 0, at: T(1) });
    expect(v).toEqual({
      decision: 'accept',
      memory: { ...base, accepted: { count: 0, at: T(1) } },
    });
  });

  it('holds a 90 % drop, then accepts it when the next run confirms it', () => {
    const accepted = { ...base, accepted: { count: 400, at: T(1) } };
    const first = judgeAnswer(accepted, { count: 40, at: T(2) });
    expect(first.decision).toBe('hold');
    expect(first.memory.accepted).toEqual({ count: 400, at: T(1) });
    expect(first.decision === 'hold' && first.held).toEqual({
      key: base.key,
      source: base.source,
      unit: 'findings',
      count: 40,
      acceptedCount: 400,
      acceptedAt: T(1),
      since: T(2),
      lastSeenAt: T(2),
      message:
        'SecurityHub (123456789012/eu-west-1) answered 40 findings at 2026-12-04 02:00 UTC (had 400 at 2026-12-04 01:00 UTC): not stored, waiting for confirmation by the next run',
    });

    const second = judgeAnswer(first.memory, { count: 38, at: T(3) });
    expect(second.decision).toBe('accept');
    expect(second.memory).toEqual({
      ...base,
      accepted: { count: 38, at: T(3) },
    });
    expect(second.decision === 'accept' && second.confirmed).toMatchObject({
      count: 38,
      acceptedCount: 400,
      since: T(2),
    });
  });

  it('forgets a held answer when the next one is back to normal', () => {
    const accepted = { ...base, accepted: { count: 400, at: T(1) } };
    const held = judgeAnswer(accepted, { count: 0, at: T(2) });
    const back = judgeAnswer(held.memory, { count: 395, at: T(3) });
    expect(back).toEqual({
      decision: 'accept',
      memory: { ...base, accepted: { count: 395, at: T(3) } },
    });
  });

  it('never lets an answer of the same run confirm a drop it held', () => {
    const accepted = { ...base, accepted: { count: 30, at: T(1) } };
    const day1 = judgeAnswer(accepted, {
      count: 3,
      at: T(2),
      runStartedAt: T(2),
    });
    const day2 = judgeAnswer(day1.memory, {
      count: 3,
      at: `${T(2).slice(0, 17)}05.000Z`,
      runStartedAt: T(2),
    });
    expect(day2.decision).toBe('hold');
    expect(day2.decision === 'hold' && day2.held.since).toBe(T(2));
    const nextRun = judgeAnswer(day2.memory, {
      count: 3,
      at: T(3),
      runStartedAt: T(3),
    });
    expect(nextRun.decision).toBe('accept');
  });
});
