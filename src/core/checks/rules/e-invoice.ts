/**
 * Hybrid e-invoices carry their invoice twice: the page a person reads and the EN 16931 XML a
 * machine reads (Factur-X, ZUGFeRD, XRechnung in a PDF). Issuing software writes both from one
 * record, so where they disagree on who, how much, which account or which invoice, someone edited
 * one of them afterwards — usually the picture, since that is what a financier looks at.
 */
import type { Evidence } from '../../../shared/checks';
import type { FieldValue } from '../../../shared/documents';
import { XML_PAGE_FIELDS, cents, readingsAgree } from '../../einvoice/compare';
import type { XmlPageField } from '../../einvoice/compare';
import { textOf } from '../facts';
import { fmtMoney } from '../format';
import type { DocumentFacts, FactField, FindingDraft, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

const LABELS: Readonly<Record<XmlPageField, string>> = {
  invoice_number: 'invoice number',
  total_amount: 'total amount',
  currency: 'currency',
  payment_account: 'payment account',
  seller: 'seller',
  buyer: 'buyer',
};

/** Values as a finding prints them: money with its currency, accounts in groups of four, names quoted. */
function shown(field: XmlPageField, value: FieldValue, currency: string | null): string {
  if (field === 'total_amount' && typeof value === 'number') return fmtMoney(value, currency);
  if (field === 'payment_account' && typeof value === 'string') return value.replace(/\s+/g, '').replace(/(.{4})(?=.)/g, '$1 ');
  return `"${Array.isArray(value) ? value.join(', ') : String(value)}"`;
}

/** What a disagreement on this field means for the financier, said after the two values. */
function consequence(field: XmlPageField, page: FieldValue, xml: FieldValue, currency: string | null): string {
  switch (field) {
    case 'total_amount': {
      const diff = typeof page === 'number' && typeof xml === 'number' ? page - xml : null;
      return diff === null ? '' : ` (${fmtMoney(Math.abs(diff), currency)} ${diff > 0 ? 'more' : 'less'} on the page)`;
    }
    case 'payment_account':
      return ': a payment instruction changed on the picture alone sends the buyer’s money elsewhere';
    default:
      return '';
  }
}

// A difference of one cent in the total is what some PDF generators' rounding produces; it is still
// a disagreement to confirm, but no sign of an edited amount on its own.
const isRoundingCent = (field: XmlPageField, page: FieldValue, xml: FieldValue): boolean =>
  field === 'total_amount' && typeof page === 'number' && typeof xml === 'number' && Math.abs(cents(page) - cents(xml)) === 1;

// Who and how much decide a receivable; a party name printed differently is more often a trading
// name or an abbreviation than a forgery, so it asks a person to look (warn) rather than fail.
const STRONG: ReadonlySet<XmlPageField> = new Set(['invoice_number', 'total_amount', 'currency', 'payment_account']);

function evidenceOf(doc: DocumentFacts, field: XmlPageField, f: FactField, reading: NonNullable<FactField['pageReading']>): Evidence[] {
  const { page, bbox } = doc.positions.at(reading.at);
  return [
    // The page's reading carries its own confidence: a fail on a doubtful OCR reading becomes a warn.
    { documentId: doc.documentId, fileName: doc.fileName, field, page, bbox, value: reading.value, label: 'Printed on the page', confidence: reading.confidence, confirmed: f.confirmed },
    { documentId: doc.documentId, fileName: doc.fileName, field, page: null, bbox: null, value: reading.xml, label: 'In the invoice XML', confidence: 1, confirmed: true },
  ];
}

export const xmlMatchesPage: ReceivableRule = {
  id: 'consistency.xml_page',
  title: 'E-invoice XML matches its printed page',
  category: 'document_consistency',
  reference: 'EN 16931-1; Factur-X 1.0 / ZUGFeRD 2 (one invoice, as data and as picture)',
  severity: 'fail',
  scope: 'receivable',
  check: (r) => {
    const doc = r.invoice;
    let out: FindingDraft[] | null = null;
    for (const field of XML_PAGE_FIELDS) {
      const f = doc.fields[field];
      const reading = f?.pageReading;
      // Only hybrid e-invoices have both readings; every other invoice passes here untouched.
      if (!f || !reading || readingsAgree(field, reading.xml, reading.value)) continue;
      const currency = textOf(doc, 'currency');
      const page = shown(field, reading.value, currency);
      const xml = shown(field, reading.xml, currency);
      const rounding = isRoundingCent(field, reading.value, reading.xml);
      (out ??= []).push({
        receivableId: r.id,
        key: field,
        ...(STRONG.has(field) && !rounding ? {} : { severity: 'warn' as const }),
        message: rounding
          ? `The printed page shows total amount ${page} but the invoice's XML says ${xml}: one cent apart, which rounding in the seller's PDF software can cause. Confirm which amount the buyer was asked to pay.`
          : `The printed page shows ${LABELS[field]} ${page} but the invoice's XML says ${xml}${consequence(field, reading.value, reading.xml, currency)}. The picture a person reads differs from the data a machine reads — one of the strongest signs of an edited invoice. Ask the seller which one it issued before funding.`,
        evidence: evidenceOf(doc, field, f, reading),
      });
    }
    return out ?? NONE;
  },
};

export const EINVOICE_RULES = [xmlMatchesPage] as const;
