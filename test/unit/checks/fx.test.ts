import { describe, expect, it } from 'vitest';
import { convert, rateOf } from '../../../src/core/checks/fx';
import type { Policy } from '../../../src/shared/policy';
import { DEFAULT_POLICY, PolicySchema, upgradePolicy } from '../../../src/shared/policy';

const FX: Policy['fx'] = {
  rates: [
    { from: 'EUR', to: 'USD', rate: 1.05, asOf: '2026-01-01' },
    { from: 'EUR', to: 'USD', rate: 1.1, asOf: '2026-03-01' },
    { from: 'USD', to: 'VND', rate: 25_000, asOf: '2026-02-15' },
  ],
  maxAgeDays: 31,
};

describe('exchange rates', () => {
  it('takes the latest rate dated on or before the evaluation date, never one from the future', () => {
    expect(rateOf(FX, 'EUR', 'USD', '2026-02-10')).toEqual({ rate: 1.05, asOf: '2026-01-01', via: null });
    expect(rateOf(FX, 'EUR', 'USD', '2026-03-20')).toEqual({ rate: 1.1, asOf: '2026-03-01', via: null });
    expect(rateOf(FX, 'EUR', 'USD', '2025-12-31')).toBeNull();
  });

  it('uses the inverse of a pair and one step through a third currency', () => {
    expect(rateOf(FX, 'USD', 'EUR', '2026-03-20')?.rate).toBeCloseTo(1 / 1.1, 10);
    const cross = rateOf(FX, 'EUR', 'VND', '2026-03-20');
    expect(cross?.via).toBe('USD');
    expect(cross?.rate).toBeCloseTo(1.1 * 25_000, 6);
    // A cross rate is as old as its older leg.
    expect(cross?.asOf).toBe('2026-02-15');
  });

  it('names the missing pair, and marks a stale rate', () => {
    expect(convert(FX, 100, 'GBP', 'USD', '2026-03-20')).toEqual({ ok: false, pair: 'GBP→USD' });
    const stale = convert(FX, 100, 'EUR', 'USD', '2026-05-20');
    expect(stale).toMatchObject({ ok: true, stale: true });
    expect(convert(FX, 100, 'USD', 'USD', '2026-05-20')).toMatchObject({ ok: true, value: 100, stale: false });
  });

  it('refuses a rate between a currency and itself and two rates of one pair on one day', () => {
    const bad = PolicySchema.safeParse({ ...DEFAULT_POLICY, fx: { rates: [{ from: 'EUR', to: 'EUR', rate: 1, asOf: '2026-01-01' }, ...FX.rates, FX.rates[0]], maxAgeDays: 31 } });
    expect(bad.success).toBe(false);
    const paths = bad.success ? [] : bad.error.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['fx.rates.0.to', 'fx.rates.4.asOf']));
  });

  it('gives a policy saved before exchange rates existed an empty table', () => {
    const { fx: _fx, ...old } = DEFAULT_POLICY;
    expect(upgradePolicy(old).fx).toEqual({ rates: [], maxAgeDays: 31 });
    expect(upgradePolicy(DEFAULT_POLICY).fx).toEqual(DEFAULT_POLICY.fx);
  });
});
