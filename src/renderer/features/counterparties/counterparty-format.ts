import type { Buyer, CapacityDeclaration, CounterpartyKind, TradeCreditInsurance } from '../../../shared/checks';

export const KIND_LABELS: Readonly<Record<CounterpartyKind, { one: string; many: string; file: string }>> = {
  supplier: { one: 'supplier', many: 'Suppliers', file: 'suppliers.csv' },
  buyer: { one: 'buyer', many: 'Buyers', file: 'buyers.csv' },
  escrow: { one: 'escrow account', many: 'Escrow accounts', file: 'escrow.csv' },
};

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A number with thousands grouped, the way the documents print quantities and amounts. */
export const formatNumber = (value: number): string => numberFormat.format(value);

/** One declared capacity as people say it: `4,000 MT/month`. */
export const formatCapacity = (capacity: CapacityDeclaration): string =>
  `${formatNumber(capacity.quantityPerMonth)} ${capacity.unit}/month`;

/** Every declared capacity of a supplier on one line, product by product. */
export const formatCapacities = (capacities: readonly CapacityDeclaration[]): string =>
  capacities.map((capacity) => `${capacity.product}: ${formatCapacity(capacity)}`).join(' · ');

/** A credit limit with its currency: `USD 2,500,000`. */
export const formatLimit = (insurance: TradeCreditInsurance): string => `${insurance.currency} ${formatNumber(insurance.creditLimit)}`;

/** A probability of default (0–1) as a percentage with enough digits for investment-grade names. */
export const formatPd = (pd: number | null): string => (pd === null ? '' : `${formatNumber(Math.round(pd * 10_000) / 100)} %`);

/** Days within which an expiring credit insurance policy is flagged. */
export const EXPIRY_WARNING_DAYS = 60;

export type ExpiryState = { readonly tone: 'expired' | 'expiring' | 'ok'; readonly days: number };

/** Today as an ISO date in local time (the date people read on their calendar). */
export function todayIso(now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** How far an ISO date lies from today, and whether that counts as expired or expiring soon. */
export function expiryState(expiry: string, today = todayIso()): ExpiryState {
  const days = Math.round((Date.parse(`${expiry}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
  return { tone: days < 0 ? 'expired' : days <= EXPIRY_WARNING_DAYS ? 'expiring' : 'ok', days };
}

/** The expiry as a short phrase: `expired 3 days ago`, `expires in 12 days`. */
export function expiryPhrase(state: ExpiryState): string {
  const plural = (n: number): string => `${n} ${n === 1 ? 'day' : 'days'}`;
  if (state.tone === 'expired') return `expired ${plural(-state.days)} ago`;
  if (state.days === 0) return 'expires today';
  return `expires in ${plural(state.days)}`;
}

/** The buyer's insurance expiry state, or null without insurance. */
export const buyerExpiry = (buyer: Buyer, today?: string): ExpiryState | null =>
  buyer.insurance ? expiryState(buyer.insurance.expiry, today) : null;
