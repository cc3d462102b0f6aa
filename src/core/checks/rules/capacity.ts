/**
 * Production capacity: what a supplier invoices per product in any rolling window must fit its
 * declared monthly capacity (and the capacity last observed on site) times the utilisation cap.
 * Grouped by supplier; each group is sorted once and swept with two pointers, so the cost is
 * O(n log n) per supplier, never pairwise.
 */
import type { CapacityDeclaration, Evidence, Supplier } from '../../../shared/checks';
import { dayNumber, isoFromDay } from '../dates';
import { fieldEvidence } from '../evidence';
import { contextIndex, derivedOf, keyWords, numberOf, policyIndex, textOf } from '../facts';
import { fmtPct, fmtQty } from '../format';
import { convertQuantity } from '../units';
import type { CheckContext, FindingDraft, GroupRule, ReceivableFacts } from '../types';

// Capacities are declared per month; a window of other length scales them by windowDays / 30.
const DAYS_PER_MONTH = 30;
const MAX_WINDOW_EVIDENCE = 10;

type Product = { readonly product: string; readonly quantityPerMonth: number; readonly unit: string };

/** A quantity counted against capacity, and the readings it rests on (labelled for the evidence). */
export type Counted = { readonly qty: number; readonly evidence: (label: string) => Evidence[] };

/**
 * The invoice's quantity in `unit`: invoiced, else the B/Ls' quantity, else their gross weight. The
 * evidence names the fields actually counted, so a B/L weight read with low confidence makes a
 * breach a reading to confirm, never a `fail` resting on an unread invoice quantity.
 */
export function quantityIn(r: ReceivableFacts, unit: string): Counted | null {
  const { quantity: q, unit: u } = derivedOf(r);
  if (q !== null && u !== null) {
    const converted = convertQuantity(q, u, unit);
    if (converted !== null) return { qty: converted, evidence: (label) => [fieldEvidence(r.invoice, 'quantity', label)] };
  }
  if (r.bls.length === 0) return null;
  const fromBls = (read: (bl: ReceivableFacts['bls'][number]) => number | null, field: 'quantity' | 'gross_weight_kg', what: string): Counted | null => {
    let sum = 0;
    for (const bl of r.bls) {
      const converted = read(bl);
      if (converted === null) return null;
      sum += converted;
    }
    return { qty: sum, evidence: (label) => r.bls.map((bl) => fieldEvidence(bl, field, `${label}, taken from the ${what}`)) };
  };
  return (
    fromBls(
      (bl) => {
        const [bq, bu] = [numberOf(bl, 'quantity'), textOf(bl, 'quantity_unit')];
        return bq !== null && bu !== null ? convertQuantity(bq, bu, unit) : null;
      },
      'quantity',
      'B/L quantity',
    ) ??
    fromBls(
      (bl) => {
        const gross = numberOf(bl, 'gross_weight_kg');
        return gross !== null ? convertQuantity(gross, 'KG', unit) : null;
      },
      'gross_weight_kg',
      'B/L gross weight',
    )
  );
}

/** Which receivables' goods are this product: the only declaration takes all; else same commodity or a shared key word. */
const productMatcher = (products: readonly Product[], ctx: CheckContext): ((r: ReceivableFacts, p: number) => boolean) => {
  if (products.length === 1) return () => true;
  const { commodityOf } = policyIndex(ctx.policy);
  const declared = products.map((p) => ({ commodity: commodityOf(p.product), words: keyWords(p.product) }));
  return (r, p) => {
    const goods = textOf(r.invoice, 'goods_description');
    if (!goods) return false;
    const d = declared[p]!;
    const commodity = commodityOf(goods);
    if (commodity !== null && d.commodity !== null) return commodity === d.commodity;
    for (const word of keyWords(goods)) if (d.words.has(word)) return true;
    return false;
  };
};

type Entry = { readonly r: ReceivableFacts; readonly day: number; readonly qty: number; readonly evidence: Counted['evidence'] };

/** Findings for every receivable whose window (ending on its invoice date) exceeds `limit`. */
const sweep = (
  entries: Entry[],
  windowDays: number,
  limit: number,
  describe: (entry: Entry, sum: number, from: number, window: readonly Entry[]) => FindingDraft,
): FindingDraft[] => {
  // Most suppliers stay far below capacity: when even the sum of everything fits, no window can exceed.
  let total = 0;
  for (const entry of entries) total += entry.qty;
  if (total <= limit * (1 + 1e-9)) return [];
  entries.sort((a, b) => a.day - b.day || (a.r.id < b.r.id ? -1 : a.r.id > b.r.id ? 1 : 0));
  const out: FindingDraft[] = [];
  let left = 0;
  let sum = 0;
  for (let i = 0; i < entries.length; i += 1) {
    const entry = entries[i]!;
    sum += entry.qty;
    while (entries[left]!.day <= entry.day - windowDays) {
      sum -= entries[left]!.qty;
      left += 1;
    }
    // Ties and float sums: a hair of slack so that exactly the cap is still inside.
    if (sum > limit * (1 + 1e-9)) out.push(describe(entry, sum, entry.day - windowDays + 1, entries.slice(left, i + 1)));
  }
  return out;
};

const windowEvidence = (window: readonly Entry[], entry: Entry): Evidence[] => {
  const others = window.filter((w) => w !== entry).slice(-MAX_WINDOW_EVIDENCE + 1);
  return [entry, ...others].flatMap((w) => w.evidence(w === entry ? 'Invoiced quantity' : `Also in the window (${textOf(w.r.invoice, 'invoice_number') ?? w.r.invoice.fileName})`));
};

const entriesFor = (members: readonly ReceivableFacts[], matches: (r: ReceivableFacts) => boolean, unit: string, unread: ReceivableFacts[]): Entry[] => {
  const entries: Entry[] = [];
  for (const r of members) {
    if (!matches(r)) continue;
    const day = derivedOf(r).issueDay;
    const counted = quantityIn(r, unit);
    if (day !== null && counted !== null && counted.qty > 0) entries.push({ r, day, qty: counted.qty, evidence: counted.evidence });
    else unread.push(r);
  }
  return entries;
};

const checkProducts = (
  supplier: Supplier,
  products: readonly Product[],
  members: readonly ReceivableFacts[],
  ctx: CheckContext,
  kind: 'declared' | 'observed',
  source: string,
): FindingDraft[] => {
  const { windowDays, utilisationCapPct } = ctx.policy.capacity;
  const matches = productMatcher(products, ctx);
  const out: FindingDraft[] = [];
  products.forEach((product, p) => {
    const capacity = (product.quantityPerMonth * windowDays) / DAYS_PER_MONTH;
    const limit = (capacity * utilisationCapPct) / 100;
    if (!(capacity > 0)) return;
    const unread: ReceivableFacts[] = [];
    const entries = entriesFor(members, (r) => matches(r, p), product.unit, unread);
    // What could not be counted is said, once, for the declared capacity.
    if (kind === 'declared') {
      for (const r of unread) {
        const day = derivedOf(r).issueDay;
        out.push({ receivableId: r.id, key: `unread:${product.product}`, severity: 'info', message: `Not counted against ${supplier.legalName}'s capacity for ${product.product}: ${day === null ? 'the invoice date was not read' : `no quantity in ${product.unit} was read (on the invoice or its B/L)`}.`, evidence: [fieldEvidence(r.invoice, day === null ? 'issue_date' : 'quantity', day === null ? 'Invoice date' : 'Invoiced quantity')] });
      }
    }
    out.push(
      ...sweep(entries, windowDays, limit, (entry, sum, from, window) => {
        // A quantity in the window that may have lost its decimal separator on a scan makes the
        // breach a reading to confirm (the sum may be a thousand times what was invoiced).
        const doubtful = window.filter((w) => derivedOf(w.r).decimalSlip !== null);
        return {
          receivableId: entry.r.id,
          key: `${kind}:${product.product}`,
          ...(doubtful.length > 0 ? { severity: 'warn' as const } : {}),
          message: `${supplier.legalName} invoiced ${fmtQty(sum)} ${product.unit} of ${product.product} in the ${windowDays} days ${isoFromDay(from)} → ${isoFromDay(entry.day)} (${window.length} invoice${window.length === 1 ? '' : 's'}): ${fmtPct((sum / capacity) * 100)} of the ${source} ${fmtQty(capacity)} ${product.unit}${windowDays === DAYS_PER_MONTH ? '/month' : ` per ${windowDays} days`}, above the ${utilisationCapPct} % utilisation cap (${fmtQty(limit)} ${product.unit}).${doubtful.length > 0 ? ` The quantity of ${doubtful.map((w) => textOf(w.r.invoice, 'invoice_number') ?? w.r.invoice.fileName).join(', ')} was read from a scan and may have lost its decimal separator (quantity × unit price is a power of ten off the goods value): confirm it on the page.` : ''}`,
          evidence: windowEvidence(window, entry),
        };
      }),
    );
  });
  return out;
};

const bySupplier = (r: ReceivableFacts): string | null => r.supplierId;

export const declaredCapacity: GroupRule = {
  id: 'capacity.declared',
  title: 'Within declared production capacity',
  category: 'capacity',
  reference: null,
  severity: 'fail',
  scope: 'group',
  groupKeys: bySupplier,
  checkGroup: (key, members, ctx) => {
    const supplier = ctx.suppliers.get(key);
    if (!supplier || supplier.capacities.length === 0) return [];
    return checkProducts(supplier, supplier.capacities as readonly CapacityDeclaration[], members, ctx, 'declared', 'declared capacity of');
  },
};

export const observedCapacity: GroupRule = {
  id: 'capacity.observed',
  title: 'Within capacity observed on site',
  category: 'capacity',
  reference: null,
  severity: 'fail',
  scope: 'group',
  groupKeys: bySupplier,
  checkGroup: (key, members, ctx) => {
    const supplier = ctx.suppliers.get(key);
    const asOf = contextIndex(ctx).asOfDay;
    if (!supplier || asOf === null) return [];
    // Newest first: the latest visit that observed any capacity, if it is recent enough.
    const visit = (ctx.verifications.get(key) ?? []).find((v) => v.observedCapacity.length > 0);
    const day = visit ? dayNumber(visit.visitedOn) : null;
    if (!visit || day === null || asOf - day > ctx.policy.capacity.observedMaxAgeDays) return [];
    return checkProducts(supplier, visit.observedCapacity, members, ctx, 'observed', `capacity observed on site on ${visit.visitedOn},`);
  },
};

export const CAPACITY_RULES = [declaredCapacity, observedCapacity] as const;
