/**
 * The risk policy: every threshold the cross-checks use, as one versioned document validated by a
 * schema. Risk officers edit it in the app; each saved version is kept, and every check result
 * names the version it ran under.
 */
import { z } from 'zod';
import { UNITS } from './checks';

const pct = z.number().min(0, 'A percentage cannot be negative.').max(100, 'A percentage is at most 100.');
const days = z.number().int('Days are whole numbers.').min(0, 'Days cannot be negative.').max(3650);
const currency = z.string().regex(/^[A-Z]{3}$/, 'Use an ISO 4217 code such as USD.');
const keywords = z.array(z.string().trim().min(1).max(60)).min(1, 'Give at least one keyword.').max(40);

export const CommoditySchema = z
  .object({
    /** Display name, e.g. "Polypropylene resin". */
    name: z.string().trim().min(1).max(80),
    /** Lower-case words any of which identifies the commodity in a goods description. */
    keywords,
  })
  .strict();

export const PriceBandSchema = z
  .object({
    commodity: z.string().trim().min(1).max(80),
    currency,
    unit: z.enum(UNITS),
    min: z.number().positive(),
    max: z.number().positive(),
  })
  .strict()
  .refine((band) => band.min <= band.max, { message: 'min must not exceed max.', path: ['max'] });

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as yyyy-mm-dd.');

/** One exchange rate: 1 `from` = `rate` `to`, valid from `asOf` until a later rate of the pair. */
export const FxRateSchema = z
  .object({
    from: currency,
    to: currency,
    rate: z.number().positive('A rate is positive.'),
    asOf: isoDate,
  })
  .strict()
  .refine((r) => r.from !== r.to, { message: 'A rate converts between two different currencies.', path: ['to'] });

export const PolicySchema = z
  .object({
    /** Which ISBP edition findings cite. */
    isbpEdition: z.enum(['ISBP 821', 'ISBP 745']),
    documents: z
      .object({
        /** UCP 600 art. 30(b): bulk quantities may differ by this much. */
        quantityTolerancePct: pct,
        /** Gross weight on the B/L may exceed the net quantity by at most this much (packaging). */
        maxTarePct: pct,
        /** Shipment may precede the invoice date by at most this many days. */
        maxDaysShipmentBeforeInvoice: days,
        /** Shipment may follow the invoice date by at most this many days (invoice issued on shipment). */
        maxDaysShipmentAfterInvoice: days,
        /** Goods descriptions correspond when at least this share of the invoice's key words appear on the B/L. */
        goodsMatchMinPct: pct,
      })
      .strict(),
    arithmetic: z
      .object({
        /** quantity × unit price may differ from the total by this share (rounding on the document). */
        totalTolerancePct: pct,
        /** The due date may differ from issue/shipment date + stated terms by this many days. */
        dueDateToleranceDays: days,
      })
      .strict(),
    capacity: z
      .object({
        windowDays: z.number().int().min(1).max(366),
        /** Share of declared monthly capacity that may be financed. */
        utilisationCapPct: z.number().min(1).max(200),
        /** Observed capacity from an on-site verification counts when younger than this. */
        observedMaxAgeDays: days,
      })
      .strict(),
    commodities: z.array(CommoditySchema).min(1).max(100),
    priceBands: z.array(PriceBandSchema).max(200),
    margin: z
      .object({
        /** Advance ≤ face × this rate. */
        advanceRatePct: pct,
        /** The originator's initial margin must be at least this share of face. */
        minInitialMarginPct: pct,
      })
      .strict(),
    eligibility: z
      .object({
        /** Names from `commodities` that may enter a pool. */
        eligibleCommodities: z.array(z.string().trim().min(1)).min(1),
        currencies: z.array(currency).min(1),
        /** Longest time from the invoice date to the due date. */
        maxTenorDays: z.number().int().min(1).max(720),
        /** Minimum face value per currency, major units. */
        minAmount: z.record(currency, z.number().min(0)),
      })
      .strict(),
    insurance: z
      .object({
        /** The policy must still run this many days after the due date (claims after default). */
        coverBeyondDueDays: days,
      })
      .strict(),
    duplicates: z
      .object({
        /** Same buyer, same amount, issue dates within this many days: a near-duplicate. */
        nearDuplicateDays: days,
      })
      .strict(),
    dataQuality: z
      .object({
        /** Fields read below this confidence need a person's confirmation. */
        minConfidence: z.number().min(0).max(1),
      })
      .strict(),
    verification: z
      .object({
        /** A passed on-site verification counts for this many days. */
        maxAgeDays: days,
        /** Severity when no valid verification exists; `info` until field verification is in use. */
        missingSeverity: z.enum(['fail', 'warn', 'info']),
      })
      .strict(),
    /**
     * Exchange rates a risk officer enters (no network): price bands, buyer credit limits, capacity
     * and pool concentration convert with them. The latest rate of a pair dated on or before the
     * evaluation date applies; an inverse rate or one step through a third currency is used when no
     * direct rate exists.
     */
    fx: z
      .object({
        rates: z.array(FxRateSchema).max(500),
        /** A rate older than this many days at the evaluation date is stale: findings say so. */
        maxAgeDays: days,
      })
      .strict(),
  })
  .strict()
  // Eligibility and price bands name commodities; a renamed or removed commodity must not leave
  // them pointing at nothing, or the rules would silently stop applying.
  .superRefine((policy, issues) => {
    const names = new Set(policy.commodities.map((c) => c.name));
    policy.eligibility.eligibleCommodities.forEach((name, i) => {
      if (!names.has(name)) {
        issues.addIssue({ code: 'custom', path: ['eligibility', 'eligibleCommodities', i], message: `"${name}" is not one of the commodities.` });
      }
    });
    policy.priceBands.forEach((band, i) => {
      if (!names.has(band.commodity)) {
        issues.addIssue({ code: 'custom', path: ['priceBands', i, 'commodity'], message: `"${band.commodity}" is not one of the commodities.` });
      }
    });
    const seen = new Set<string>();
    policy.fx.rates.forEach((r, i) => {
      const key = `${r.from}|${r.to}|${r.asOf}`;
      if (seen.has(key)) issues.addIssue({ code: 'custom', path: ['fx', 'rates', i, 'asOf'], message: `A ${r.from}→${r.to} rate for ${r.asOf} is already listed.` });
      seen.add(key);
    });
  });

export type Policy = z.infer<typeof PolicySchema>;

/** A stored policy version. */
export type PolicyVersion = {
  readonly version: number;
  readonly policy: Policy;
  readonly note: string;
  readonly savedAt: string;
  readonly savedBy: string;
  readonly savedByName: string;
  /** SHA-256 of the policy's canonical JSON. */
  readonly hash: string;
};

/** One changed leaf between two policies, for the diff shown before saving. */
export type PolicyChange = {
  /** Dotted path, e.g. `capacity.utilisationCapPct` or `priceBands[2].max`. */
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
};

/**
 * The policy a new workspace starts with. Numbers follow common SCF practice and the ICC rules
 * PRODUCT.md cites; each is meant to be reviewed by the risk officer before the first pool.
 */
export const DEFAULT_POLICY: Policy = {
  isbpEdition: 'ISBP 821',
  documents: {
    // UCP 600 art. 30(b): "a tolerance not to exceed 5% more or 5% less" for bulk goods.
    quantityTolerancePct: 5,
    // Bagged or palletised resin and grain carry 0.5–2 % packaging; 5 % leaves room for pallets.
    maxTarePct: 5,
    // Exporters invoice on or shortly after shipment; a B/L older than 45 days is stale for SCF.
    maxDaysShipmentBeforeInvoice: 45,
    // An invoice dated before loading is normal for a few days (issued on booking), not longer.
    maxDaysShipmentAfterInvoice: 10,
    goodsMatchMinPct: 50,
  },
  arithmetic: {
    // Half a percent absorbs rounding of unit prices with more decimals than printed.
    totalTolerancePct: 0.5,
    dueDateToleranceDays: 3,
  },
  capacity: {
    windowDays: 30,
    // Financing beyond 90 % of nameplate capacity is rarely real production.
    utilisationCapPct: 90,
    observedMaxAgeDays: 180,
  },
  commodities: [
    { name: 'Polypropylene resin', keywords: ['polypropylene', 'pp homopolymer', 'pp copolymer'] },
    { name: 'Polyethylene resin', keywords: ['polyethylene', 'hdpe', 'ldpe', 'lldpe'] },
    { name: 'PVC resin', keywords: ['pvc', 'polyvinyl chloride'] },
    { name: 'Soybeans', keywords: ['soybean', 'soybeans', 'soya beans', 'soy beans'] },
    { name: 'Rice', keywords: ['rice', 'basmati'] },
    { name: 'Maize', keywords: ['maize', 'corn'] },
    { name: 'Wheat', keywords: ['wheat'] },
    { name: 'Sugar', keywords: ['sugar'] },
  ],
  priceBands: [
    // Reference bands per metric ton, wide enough for grade and freight terms (FOB vs CIF).
    { commodity: 'Polypropylene resin', currency: 'USD', unit: 'MT', min: 850, max: 1450 },
    { commodity: 'Polypropylene resin', currency: 'EUR', unit: 'MT', min: 800, max: 1350 },
    { commodity: 'Polyethylene resin', currency: 'USD', unit: 'MT', min: 900, max: 1500 },
    { commodity: 'Polyethylene resin', currency: 'EUR', unit: 'MT', min: 850, max: 1400 },
    { commodity: 'Soybeans', currency: 'USD', unit: 'MT', min: 330, max: 560 },
    { commodity: 'Rice', currency: 'USD', unit: 'MT', min: 700, max: 1400 },
  ],
  margin: {
    advanceRatePct: 85,
    minInitialMarginPct: 10,
  },
  eligibility: {
    eligibleCommodities: ['Polypropylene resin', 'Polyethylene resin', 'PVC resin', 'Soybeans', 'Rice', 'Maize', 'Wheat'],
    currencies: ['USD', 'EUR'],
    maxTenorDays: 120,
    minAmount: { USD: 25_000, EUR: 25_000 },
  },
  insurance: {
    // Most TCI policies need the claim filed within the waiting period after due date.
    coverBeyondDueDays: 0,
  },
  duplicates: {
    nearDuplicateDays: 7,
  },
  dataQuality: {
    minConfidence: 0.8,
  },
  verification: {
    maxAgeDays: 180,
    missingSeverity: 'info',
  },
  fx: {
    // Reference rates to start from; a risk officer replaces them with the pool's own fixing.
    rates: [
      { from: 'EUR', to: 'USD', rate: 1.08, asOf: '2026-01-01' },
      { from: 'GBP', to: 'USD', rate: 1.27, asOf: '2026-01-01' },
    ],
    maxAgeDays: 31,
  },
};

/**
 * A stored policy brought up to this version of the schema: sections added since it was saved take
 * their defaults (a policy saved before exchange rates existed has none).
 */
export function upgradePolicy(stored: unknown): Policy {
  const p = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>;
  return { ...p, fx: p.fx ?? { rates: [], maxAgeDays: DEFAULT_POLICY.fx.maxAgeDays } } as Policy;
}

/** Every changed leaf between two JSON-like values (arrays compared index by index). */
export function diffPolicy(before: unknown, after: unknown, path = ''): PolicyChange[] {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const changes: PolicyChange[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i += 1) {
      changes.push(...diffPolicy(before[i], after[i], `${path}[${i}]`));
    }
    return changes;
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffPolicy(before[key], after[key], path ? `${path}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path: path || '(root)', before, after }];
}
