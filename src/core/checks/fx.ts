/**
 * Currency conversion with the policy's exchange-rate table. The latest rate of a pair dated on or
 * before the evaluation date applies (a rate from the future is never used); a pair with no direct
 * rate converts through its inverse or one step through a third currency. A conversion that finds
 * no rate says which pair is missing, so a rule can turn it into a finding a risk officer can fix.
 */
import type { Policy } from '../../shared/policy';
import { dayNumber } from './dates';

export type Conversion =
  | { readonly ok: true; readonly value: number; readonly rate: number; readonly asOf: string; readonly stale: boolean; readonly via: string | null }
  | { readonly ok: false; readonly pair: string };

type Rate = { readonly rate: number; readonly asOf: string };

const cache = new WeakMap<Policy['fx'], Map<string, Map<string, Rate[]>>>();

/** Rates by pair (both directions), newest first. */
function table(fx: Policy['fx']): Map<string, Map<string, Rate[]>> {
  let t = cache.get(fx);
  if (t) return t;
  t = new Map();
  const put = (from: string, to: string, rate: Rate): void => {
    let row = t!.get(from);
    if (!row) t!.set(from, (row = new Map()));
    const list = row.get(to) ?? [];
    list.push(rate);
    row.set(to, list);
  };
  for (const r of fx.rates) {
    put(r.from, r.to, { rate: r.rate, asOf: r.asOf });
    put(r.to, r.from, { rate: 1 / r.rate, asOf: r.asOf });
  }
  for (const row of t.values()) for (const list of row.values()) list.sort((a, b) => (a.asOf < b.asOf ? 1 : a.asOf > b.asOf ? -1 : 0));
  cache.set(fx, t);
  return t;
}

const rateOn = (list: readonly Rate[] | undefined, asOf: string): Rate | null => list?.find((r) => r.asOf <= asOf) ?? null;

/** The rate of a pair on a date: direct or inverse, else through one third currency. */
export function rateOf(fx: Policy['fx'], from: string, to: string, asOf: string): { rate: number; asOf: string; via: string | null } | null {
  if (from === to) return { rate: 1, asOf, via: null };
  const t = table(fx);
  const direct = rateOn(t.get(from)?.get(to), asOf);
  if (direct) return { rate: direct.rate, asOf: direct.asOf, via: null };
  for (const [via, list] of t.get(from) ?? []) {
    const a = rateOn(list, asOf);
    const b = a ? rateOn(t.get(via)?.get(to), asOf) : null;
    // A cross rate is as old as its older leg.
    if (a && b) return { rate: a.rate * b.rate, asOf: a.asOf < b.asOf ? a.asOf : b.asOf, via };
  }
  return null;
}

/** `amount` in `from` expressed in `to` on the evaluation date, or the missing pair. */
export function convert(fx: Policy['fx'], amount: number, from: string, to: string, asOf: string): Conversion {
  const r = rateOf(fx, from, to, asOf);
  if (!r) return { ok: false, pair: `${from}→${to}` };
  const age = (dayNumber(asOf) ?? 0) - (dayNumber(r.asOf) ?? 0);
  return { ok: true, value: amount * r.rate, rate: r.rate, asOf: r.asOf, stale: from !== to && age > fx.maxAgeDays, via: r.via };
}

/** How a conversion reads in a finding: "EUR 1,000 at 1.08 (EUR→USD, 2026-01-01)". */
export const describeRate = (from: string, to: string, c: Extract<Conversion, { ok: true }>): string =>
  `${c.rate.toPrecision(6).replace(/\.?0+$/, '')} ${from}→${to}${c.via ? ` via ${c.via}` : ''} of ${c.asOf}${c.stale ? ', stale' : ''}`;
