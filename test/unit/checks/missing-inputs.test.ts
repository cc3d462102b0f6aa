// The severity principle (README, "Severity that respects evidence"): a rule whose input was not read,
// or read with low confidence, says so as a `warn` or `info` naming what to confirm — it never
// `fail`s on what it could not see. Every rule is run on a clean receivable with each of its inputs
// taken away in turn, and with everything read at low confidence.
import { describe, expect, it } from 'vitest';
import { createCheckState, evaluateAll } from '../../../src/core/checks/engine';
import { RULES } from '../../../src/core/checks/rules/index';
import { BL_FIELDS, INVOICE_FIELDS } from '../../../src/shared/documents';
import type { FieldName } from '../../../src/shared/documents';
import type { ReceivableFacts } from '../../../src/core/checks/types';
import { BL_DEFAULTS, INVOICE_DEFAULTS, context, receivable } from './fixtures';

const hash = (text: string): string => String(text.length);
const LINES = { invoiceLines: ['COMMERCIAL INVOICE', 'Payment terms: 90 days from B/L date'], blLines: ['SHIPPED ON BOARD'] };

const outcome = (receivables: readonly ReceivableFacts[]) =>
  evaluateAll(createCheckState(RULES, context(), hash), receivables).flatMap((o) => o.findings.map((f) => ({ ...f, receivableId: o.receivableId })));

/**
 * Where the absence is itself the discrepancy a document examiner would raise, on a document read
 * with confidence: a B/L with neither an on-board date nor an on-board notation is not a shipped
 * B/L (UCP 600 art. 20(a)(ii)).
 */
const ABSENCE_IS_THE_FINDING = new Set(['consistency.shipment_date bl.shipped_on_board_date']);

/**
 * Rules that stay silent when a single field goes missing, and why that is honest: they read the page
 * text or the funding terms rather than a field, compare several receivables, or another rule
 * already says the same input is missing.
 */
const READS_NO_FIELD_HERE: Readonly<Record<string, string>> = {
  'consistency.clean_bl': 'reads clause wording on the B/L page, not a field',
  'consistency.pro_forma': 'reads the title printed on the page',
  'consistency.vessel': 'compares the vessel only where both documents name one: most invoices name none, so there is nothing to confirm',
  'consistency.xml_page': 'compares an e-invoice’s XML with its printed page; an invoice without XML has nothing to compare',
  'arithmetic.line': 'checks the goods lines printed; a total not read is said by arithmetic.total',
  'arithmetic.line_items': 'checks the goods lines printed; a total not read is said by arithmetic.total',
  'arithmetic.summary': 'checks the summary lines printed; a total not read is said by arithmetic.total',
  'arithmetic.due_date_terms': 'a due date not read is said by eligibility.tenor',
  'eligibility.not_overdue': 'a due date not read is said by eligibility.tenor',
  'capacity.observed': 'reads site-visit observations; quantities not read are said by capacity.declared',
  'margin.initial_margin': 'reads the funding terms a person records, not the documents',
  'duplicate.same_bytes': 'compares the files’ bytes',
  'duplicate.invoice_number': 'compares several receivables; one without a number is compared by buyer and amount (near_duplicate)',
  'duplicate.near_duplicate': 'compares several receivables; a total not read is said by arithmetic.total',
  'duplicate.shared_bl': 'compares several receivables; a B/L number not read is said by consistency.bl_number',
  'duplicate.foreign_fingerprint': 'says what it could not compare only when co-managers’ fingerprints are imported (rules.test)',
  'data_quality.low_confidence': 'reads how sure each reading is',
};

const cases: { name: string; make: () => ReceivableFacts }[] = [
  ...(Object.keys(INVOICE_DEFAULTS) as FieldName[]).filter((f) => INVOICE_FIELDS.includes(f as never)).map((f) => ({ name: `invoice.${f}`, make: () => receivable('A', { ...LINES, invoice: { [f]: undefined } }) })),
  ...(Object.keys(BL_DEFAULTS) as FieldName[]).filter((f) => BL_FIELDS.includes(f as never)).map((f) => ({ name: `bl.${f}`, make: () => receivable('A', { ...LINES, bl: { [f]: undefined } }) })),
  { name: 'no bill of lading linked', make: () => receivable('A', { ...LINES, bl: null }) },
  { name: 'seller matched to no supplier', make: () => receivable('A', { ...LINES, supplierId: null, invoice: { seller: undefined } }) },
  { name: 'buyer matched to no buyer', make: () => receivable('A', { ...LINES, buyerId: null, invoice: { buyer: undefined } }) },
];

describe('a rule never fails on an input it could not read', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s missing', (name, c) => {
    const fails = outcome([c.make()]).filter((f) => f.severity === 'fail' && !ABSENCE_IS_THE_FINDING.has(`${f.ruleId} ${name}`));
    expect(fails.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([]);
  });

  it('makes every rule say what it could not check, or names why it reads none of these inputs', () => {
    const clean = outcome([receivable('A', LINES)]);
    const said = (findings: ReturnType<typeof outcome>, rule: string) => JSON.stringify(findings.filter((f) => f.ruleId === rule).map((f) => [f.severity, f.message]));
    const missing = cases.map((c) => outcome([c.make()]));
    const silent = RULES.map((r) => r.id).filter((rule) => missing.every((found) => said(found, rule) === said(clean, rule)));
    expect(silent.sort()).toEqual(Object.keys(READS_NO_FIELD_HERE).sort());
  });

  it('says which input was not read, in words that cannot be taken the other way', () => {
    const noDate = outcome([receivable('A', { ...LINES, invoice: { issue_date: undefined } })]).find((f) => f.ruleId === 'capacity.declared');
    expect(noDate?.message).toMatch(/: the invoice date was not read\.$/);
    const noQuantity = outcome([receivable('A', { ...LINES, invoice: { quantity: undefined }, bl: { quantity: undefined, net_weight_kg: undefined, gross_weight_kg: undefined } })]).find(
      (f) => f.ruleId === 'capacity.declared',
    );
    expect(noQuantity?.message).toMatch(/: no quantity in \w+ was read \(on the invoice or its B\/L\)\.$/);
  });

  it('turns a fail whose evidence was read with low confidence into a warn that says to confirm it', () => {
    const sure = outcome([receivable('A', { ...LINES, bl: { goods_description: 'HIGH DENSITY POLYETHYLENE' } })]);
    expect(sure.find((f) => f.ruleId === 'consistency.goods_description')?.severity).toBe('fail');
    const doubtful = outcome([receivable('A', { ...LINES, confidence: 0.5, bl: { goods_description: 'HIGH DENSITY POLYETHYLENE' } })]);
    const goods = doubtful.find((f) => f.ruleId === 'consistency.goods_description');
    expect(goods?.severity).toBe('warn');
    expect(goods?.message).toMatch(/Not a fail yet: read with low confidence/);
  });
});
