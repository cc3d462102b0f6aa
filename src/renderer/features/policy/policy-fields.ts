import type { Policy } from '../../../shared/policy';

/** One scalar threshold of the policy as the panel shows it. */
export type ScalarField = {
  /** Dotted path into the policy, e.g. `documents.quantityTolerancePct`. */
  readonly path: string;
  readonly label: string;
  readonly unit: '%' | 'days' | '' | 'share';
  /** What the number means, short; taken from the commented defaults in shared/policy.ts. */
  readonly help: string;
  readonly options?: readonly string[];
  readonly step?: number;
};

export type ScalarSection = {
  readonly id: keyof Policy | 'general';
  readonly title: string;
  readonly fields: readonly ScalarField[];
};

/** The scalar sections in reading order; commodities, price bands and eligibility lists are tables. */
export const SCALAR_SECTIONS: readonly ScalarSection[] = [
  {
    id: 'documents',
    title: 'Documents',
    fields: [
      {
        path: 'documents.quantityTolerancePct',
        label: 'Quantity tolerance',
        unit: '%',
        help: 'UCP 600 art. 30(b): bulk quantities on invoice and B/L may differ by this much, more or less.',
      },
      {
        path: 'documents.maxTarePct',
        label: 'Maximum tare',
        unit: '%',
        help: 'B/L gross weight may exceed the net quantity by this much — packaging of bagged or palletised goods.',
      },
      {
        path: 'documents.maxDaysShipmentBeforeInvoice',
        label: 'Shipment before invoice',
        unit: 'days',
        help: 'Exporters invoice on or shortly after shipment; an older B/L is stale for financing.',
      },
      {
        path: 'documents.maxDaysShipmentAfterInvoice',
        label: 'Shipment after invoice',
        unit: 'days',
        help: 'An invoice dated a few days before loading is normal (issued on booking); longer is not.',
      },
      {
        path: 'documents.goodsMatchMinPct',
        label: 'Goods description match',
        unit: '%',
        help: 'Invoice and B/L goods correspond when at least this share of the invoice’s key words appear on the B/L.',
      },
      {
        path: 'isbpEdition',
        label: 'ISBP edition',
        unit: '',
        help: 'The ICC practice edition findings cite.',
        options: ['ISBP 821', 'ISBP 745'],
      },
    ],
  },
  {
    id: 'arithmetic',
    title: 'Arithmetic',
    fields: [
      {
        path: 'arithmetic.totalTolerancePct',
        label: 'Total tolerance',
        unit: '%',
        step: 0.1,
        help: 'Quantity × unit price may differ from the total by this much — rounding of unit prices with more decimals than printed.',
      },
      {
        path: 'arithmetic.dueDateToleranceDays',
        label: 'Due date tolerance',
        unit: 'days',
        help: 'The due date may differ from issue or shipment date plus the stated terms by this many days.',
      },
    ],
  },
  {
    id: 'capacity',
    title: 'Production capacity',
    fields: [
      { path: 'capacity.windowDays', label: 'Rolling window', unit: 'days', help: 'Invoiced quantities per supplier and product are summed over this window.' },
      {
        path: 'capacity.utilisationCapPct',
        label: 'Utilisation cap',
        unit: '%',
        help: 'Share of declared monthly capacity that may be financed; beyond 90 % is rarely real production.',
      },
      {
        path: 'capacity.observedMaxAgeDays',
        label: 'Observed capacity age',
        unit: 'days',
        help: 'Capacity observed on an on-site verification counts while younger than this.',
      },
    ],
  },
  {
    id: 'margin',
    title: 'Margin',
    fields: [
      { path: 'margin.advanceRatePct', label: 'Advance rate', unit: '%', help: 'The advance may be at most face value × this rate.' },
      {
        path: 'margin.minInitialMarginPct',
        label: 'Minimum initial margin',
        unit: '%',
        help: 'The originator’s initial margin must be at least this share of face value.',
      },
    ],
  },
  {
    id: 'insurance',
    title: 'Insurance',
    fields: [
      {
        path: 'insurance.coverBeyondDueDays',
        label: 'Cover beyond due date',
        unit: 'days',
        help: 'The credit insurance must still run this many days after the due date, so a claim after default is covered.',
      },
    ],
  },
  {
    id: 'duplicates',
    title: 'Duplicates',
    fields: [
      {
        path: 'duplicates.nearDuplicateDays',
        label: 'Near-duplicate window',
        unit: 'days',
        help: 'Same buyer and amount with issue dates this close: reported as a near-duplicate.',
      },
    ],
  },
  {
    id: 'dataQuality',
    title: 'Data quality',
    fields: [
      {
        path: 'dataQuality.minConfidence',
        label: 'Minimum confidence',
        unit: 'share',
        step: 0.05,
        help: 'Fields read with less confidence (0–1) need a person’s confirmation before checks trust them.',
      },
    ],
  },
  {
    id: 'verification',
    title: 'On-site verification',
    fields: [
      { path: 'verification.maxAgeDays', label: 'Verification valid for', unit: 'days', help: 'A passed on-site verification counts for this long.' },
      {
        path: 'verification.missingSeverity',
        label: 'Severity when missing',
        unit: '',
        help: 'What a missing verification raises; info until field verification is in use.',
        options: ['fail', 'warn', 'info'],
      },
    ],
  },
];

/** Reads a dotted path (`a.b.0.c`) from a JSON-like value. */
export function getIn(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** A copy of a JSON-like value with the dotted path set (arrays stay arrays). */
export function setIn<T>(value: T, path: string, next: unknown): T {
  const [key, ...rest] = path.split('.');
  if (key === undefined) return value;
  const child = (value as Record<string, unknown>)[key];
  const replaced = rest.length === 0 ? next : setIn(child, rest.join('.'), next);
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(key)] = replaced;
    return copy as T;
  }
  return { ...(value as Record<string, unknown>), [key]: replaced } as T;
}

/** A path as the backend or zod writes it (`priceBands[2].max`, or an array) in the panel's dotted form. */
export function normalizePath(path: string | readonly PropertyKey[]): string {
  if (typeof path !== 'string') return path.map(String).join('.');
  return path.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
}

/** A policy value as people read it in a diff or a read-only field. */
export function showValue(value: unknown): string {
  if (value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isNaN(value) ? 'not a number' : String(value);
  return JSON.stringify(value);
}
