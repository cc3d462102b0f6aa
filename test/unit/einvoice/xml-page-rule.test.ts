// The rule that compares a hybrid e-invoice's XML with its printed page (consistency.xml_page), run
// through the real engine so severities are stamped as in the product.
import { describe, expect, it } from 'vitest';
import { createCheckState, evaluateAll } from '../../../src/core/checks/engine';
import { RULES } from '../../../src/core/checks/rules/index';
import { readingsAgree } from '../../../src/core/einvoice/compare';
import type { FactField, ReceivableFacts } from '../../../src/core/checks/types';
import type { FieldName, FieldValue } from '../../../src/shared/documents';
import { context, positions, receivable } from '../checks/fixtures';

const hash = (text: string): string => String(text.length);
const PAGE_BOX = { x: 0.62, y: 0.41, w: 0.12, h: 0.015 };

type Reading = { readonly xml: FieldValue; readonly page: FieldValue; readonly confidence?: number };

/** A clean receivable whose invoice fields came from XML, each with what its page printed. */
function hybrid(readings: Partial<Record<FieldName, Reading>>, options: { corrected?: Partial<Record<FieldName, FieldValue>>; reviewed?: boolean } = {}): ReceivableFacts {
  const base = receivable('H', { invoice: Object.fromEntries(Object.entries(readings).map(([k, r]) => [k, r.xml])) });
  const fields: Record<string, FactField> = { ...base.invoice.fields } as Record<string, FactField>;
  for (const [name, r] of Object.entries(readings) as [FieldName, Reading][]) {
    const f = fields[name]!;
    const corrected = options.corrected?.[name];
    fields[name] = {
      ...f,
      ...(corrected !== undefined ? { value: corrected, confirmed: true } : {}),
      ...(options.reviewed ? { confirmed: true } : {}),
      pageReading: { xml: r.xml, value: r.page, confidence: r.confidence ?? 1, at: positions.add(1, PAGE_BOX) },
    };
  }
  return { ...base, invoice: { ...base.invoice, fields } };
}

const findings = (r: ReceivableFacts) =>
  evaluateAll(createCheckState(RULES, context(), hash), [r])
    .flatMap((o) => o.findings)
    .filter((f) => f.ruleId === 'consistency.xml_page');

describe('consistency.xml_page', () => {
  it('says nothing about an invoice without XML, or one whose page agrees with its XML', () => {
    expect(findings(receivable('P'))).toEqual([]);
    const agreeing = hybrid({
      invoice_number: { xml: 'FR-2026-0417', page: 'FR 2026 0417' },
      total_amount: { xml: 54419, page: 54419.0 },
      currency: { xml: 'EUR', page: 'eur' },
      payment_account: { xml: 'FR1420041010050500013M02606', page: 'FR14 2004 1010 0505 0001 3M02 606' },
      seller: { xml: 'Polymères du Rhône SAS', page: 'POLYMERES DU RHONE' },
      buyer: { xml: 'Rheinfeld Kunststofftechnik GmbH', page: 'Rheinfeld Kunststofftechnik G.m.b.H.' },
    });
    expect(findings(agreeing)).toEqual([]);
  });

  it('fails a total that differs between page and XML, naming both values and pointing at the page box', () => {
    const [finding, ...rest] = findings(hybrid({ total_amount: { xml: 54419, page: 59369 }, currency: { xml: 'EUR', page: 'EUR' } }));
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('fail');
    expect(finding?.category).toBe('document_consistency');
    expect(finding?.message).toContain('The printed page shows total amount EUR 59,369.00 but the invoice\'s XML says EUR 54,419.00 (EUR 4,950.00 more on the page)');
    const [page, xml] = finding!.evidence;
    expect(page).toMatchObject({ field: 'total_amount', page: 1, value: 59369, label: 'Printed on the page' });
    expect(page?.bbox?.x).toBeCloseTo(PAGE_BOX.x, 5);
    expect(xml).toMatchObject({ field: 'total_amount', page: null, bbox: null, value: 54419, label: 'In the invoice XML' });
  });

  it('fails an invoice number, currency or payment account that differ; warns on a party named differently', () => {
    const all = findings(
      hybrid({
        invoice_number: { xml: 'FR-2026-0417', page: 'FR-2026-0471' },
        currency: { xml: 'EUR', page: 'USD' },
        payment_account: { xml: 'FR1420041010050500013M02606', page: 'GB29NWBK60161331926819' },
        seller: { xml: 'Polymères du Rhône SAS', page: 'Lyon Resin Brokers Ltd' },
      }),
    );
    const by = Object.fromEntries(all.map((f) => [f.key, f]));
    expect(Object.keys(by).sort()).toEqual(['currency', 'invoice_number', 'payment_account', 'seller']);
    expect(by.invoice_number?.severity).toBe('fail');
    expect(by.currency?.severity).toBe('fail');
    expect(by.payment_account?.severity).toBe('fail');
    expect(by.payment_account?.message).toContain('GB29 NWBK 6016 1331 9268 19');
    expect(by.payment_account?.message).toContain('sends the buyer’s money elsewhere');
    expect(by.seller?.severity).toBe('warn');
    expect(by.seller?.message).toContain('"Lyon Resin Brokers Ltd"');
  });

  it('warns instead of failing when the page was read with low confidence, and says what to confirm', () => {
    const [finding] = findings(hybrid({ total_amount: { xml: 54419, page: 59369, confidence: 0.55 } }));
    expect(finding?.severity).toBe('warn');
    expect(finding?.message).toMatch(/Not a fail yet: read with low confidence: printed on the page \(55 %\)/);
    // Once a person has reviewed the document, the reading counts as confirmed: the fail stands.
    const [reviewed] = findings(hybrid({ total_amount: { xml: 54419, page: 59369, confidence: 0.55 } }, { reviewed: true }));
    expect(reviewed?.severity).toBe('fail');
  });

  it('treats one cent as rounding to confirm (warn), and keeps comparing XML with page after a correction', () => {
    const [cent] = findings(hybrid({ total_amount: { xml: 963.11, page: 963.12 } }));
    expect(cent?.severity).toBe('warn');
    expect(cent?.message).toContain('one cent apart');
    // A person typing the page's total over the XML's does not make the two documents agree.
    const [corrected] = findings(hybrid({ total_amount: { xml: 54419, page: 59369 } }, { corrected: { total_amount: 59369 } }));
    expect(corrected?.severity).toBe('fail');
    expect(corrected?.evidence[1]?.value).toBe(54419);
  });
});

describe('readingsAgree', () => {
  it.each([
    ['total_amount', 1062, '1062.00', true],
    ['total_amount', 1062, 1062.004, true],
    ['total_amount', 1062, 1062.01, false],
    ['invoice_number', 'INV/2026/0017', 'inv-2026-0017', true],
    ['invoice_number', 'INV/2026/0017', 'INV/2026/0071', false],
    ['payment_account', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000', true],
    ['payment_account', 'DE89370400440532013000', 'DE89370400440532013001', false],
    ['currency', 'EUR', ' eur ', true],
    ['seller', 'Van Dijk Agri Trading B.V.', 'VAN DIJK AGRI TRADING BV', true],
    ['seller', 'Van Dijk Agri Trading B.V.', 'Van Dijk Agro Trading B.V.', false],
    ['issue_date', '2026-03-02', '2026-03-02', true],
    ['issue_date', '2026-03-02', '2026-02-03', false],
    ['charges', ['freight:1850'], ['freight:1850'], true],
    ['charges', ['freight:1850'], ['freight:1850', 'insurance:85'], false],
  ] as const)('%s: %j vs %j → %s', (field, a, b, expected) => {
    expect(readingsAgree(field, a as FieldValue, b as FieldValue)).toBe(expected);
  });
});
