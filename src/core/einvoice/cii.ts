/**
 * UN/CEFACT Cross Industry Invoice (D16B, as EN 16931-3-3 binds it; Factur-X, ZUGFeRD 2.x and
 * XRechnung CII) read into the canonical invoice fields. Business terms (BT-n) are EN 16931-1's.
 */
import { formatCharge } from '../../shared/documents';
import type { Charge } from '../../shared/documents';
import { setLineFields } from './lines';
import type { LineReading } from './lines';
import type { EInvoiceReading } from './reading';
import { specificationLabel } from './specification';
import { CREDIT_NOTE_NOTE } from './ubl';
import { FieldSink, chargeKind, ciiDate, compactAccount, decimal, signedCharge } from './values';
import type { Hit, XmlMethod } from './values';
import { NAMESPACES, find, findAll, textAt } from './xml-node';
import type { Located, Step, XmlNode } from './xml-node';

/** Whether a root element is a Cross Industry Invoice. */
export const isCiiRoot = (root: XmlNode): boolean => root.ns === NAMESPACES.rsm && root.name === 'CrossIndustryInvoice';

// Type codes of documents that credit the buyer (UNTDID 1001): credit note, and its variants.
const CREDIT_CODES = new Set(['381', '396', '532']);

/** A udt:DateTimeString under `steps`, read as an ISO day by its format attribute. */
function dateAt(from: Located, steps: readonly Step[]): (Hit & { format: string | undefined }) | null {
  const at = find(from, ...steps, 'udt:DateTimeString');
  const hit = at ? textAt(at) : null;
  return hit && at ? { ...hit, format: at.node.attrs.format } : null;
}

/** Reads a CrossIndustryInvoice root. */
export function readCii(root: XmlNode, method: XmlMethod): EInvoiceReading {
  const doc: Located = { node: root, path: '/rsm:CrossIndustryInvoice' };
  const sink = new FieldSink(method);
  const header = find(doc, 'rsm:ExchangedDocument');
  const typeCode = header ? (textAt(header, 'ram:TypeCode')?.text ?? null) : null; // BT-3
  const isCredit = typeCode !== null && CREDIT_CODES.has(typeCode);
  const note = isCredit ? CREDIT_NOTE_NOTE : undefined;

  if (header) {
    const number = textAt(header, 'ram:ID'); // BT-1
    if (number) sink.set('invoice_number', number.text, number.text, number.path, note);
    const issued = dateAt(header, ['ram:IssueDateTime']); // BT-2
    if (issued) sink.date('issue_date', issued, (t) => ciiDate(t, issued.format));
  }

  const trade = find(doc, 'rsm:SupplyChainTradeTransaction');
  const agreement = trade && find(trade, 'ram:ApplicableHeaderTradeAgreement');
  const settlement = trade && find(trade, 'ram:ApplicableHeaderTradeSettlement');

  if (agreement) {
    sink.text('seller', textAt(agreement, 'ram:SellerTradeParty', 'ram:Name')); // BT-27
    sink.text('buyer', textAt(agreement, 'ram:BuyerTradeParty', 'ram:Name')); // BT-44
    sink.text('buyer_order_ref', textAt(agreement, 'ram:BuyerOrderReferencedDocument', 'ram:IssuerAssignedID')); // BT-13
    const incoterm = textAt(agreement, 'ram:ApplicableTradeDeliveryTerms', 'ram:DeliveryTypeCode');
    if (incoterm && /^[A-Z]{3}$/i.test(incoterm.text)) sink.set('incoterm', incoterm.text.toUpperCase(), incoterm.text, incoterm.path);
  }

  const currency = settlement ? textAt(settlement, 'ram:InvoiceCurrencyCode') : null; // BT-5
  if (currency) sink.set('currency', currency.text.toUpperCase(), currency.text, currency.path);
  if (settlement) {
    for (const terms of findAll(settlement, 'ram:SpecifiedTradePaymentTerms')) {
      const due = dateAt(terms, ['ram:DueDateDateTime']); // BT-9
      if (!due) continue;
      sink.date('due_date', due, (t) => ciiDate(t, due.format));
      break;
    }
    // BT-84: an IBAN, else a proprietary account number.
    for (const means of findAll(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans')) {
      const account = textAt(means, 'ram:PayeePartyCreditorFinancialAccount', 'ram:IBANID') ?? textAt(means, 'ram:PayeePartyCreditorFinancialAccount', 'ram:ProprietaryID');
      if (!account) continue;
      sink.set('payment_account', compactAccount(account.text), account.text, account.path);
      break;
    }
    const totals = find(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
    if (totals) {
      sink.amount('total_amount', textAt(totals, 'ram:GrandTotalAmount'), note); // BT-112
      sink.amount('subtotal', textAt(totals, 'ram:LineTotalAmount')); // BT-106
      sink.amount('amount_due', textAt(totals, 'ram:DuePayableAmount')); // BT-115
      // BT-110 carries the invoice currency; a second TaxTotalAmount may give BT-111 in the tax currency.
      const taxes = findAll(totals, 'ram:TaxTotalAmount');
      const tax = taxes.find((t) => currency && t.node.attrs.currencyID === currency.text) ?? taxes[0];
      sink.amount('tax_amount', tax ? textAt(tax) : null);
    }
    // BG-20 / BG-21: document-level allowances and charges.
    const charges: { charge: Charge; raw: string }[] = [];
    for (const ac of findAll(settlement, 'ram:SpecifiedTradeAllowanceCharge')) {
      const amount = textAt(ac, 'ram:ActualAmount');
      const value = amount ? decimal(amount.text) : null;
      if (!amount || value === null) {
        if (amount) sink.unreadable('allowance or charge amount', amount.text, amount.path);
        continue;
      }
      const isCharge = textAt(ac, 'ram:ChargeIndicator', 'udt:Indicator')?.text.toLowerCase() === 'true';
      const reason = textAt(ac, 'ram:Reason')?.text ?? null;
      const charge = signedCharge(chargeKind(isCharge, textAt(ac, 'ram:ReasonCode')?.text ?? null, reason), value);
      charges.push({ charge, raw: `${reason ?? (isCharge ? 'Charge' : 'Allowance')} ${amount.text}` });
    }
    if (charges.length > 0) sink.set('charges', charges.map((c) => formatCharge(c.charge)), charges.map((c) => c.raw).join('; '), `${settlement.path}/ram:SpecifiedTradeAllowanceCharge`);
  }

  // BG-25, the lines.
  const lines: LineReading[] = trade
    ? findAll(trade, 'ram:IncludedSupplyChainTradeLineItem').map((line) => {
        const name = textAt(line, 'ram:SpecifiedTradeProduct', 'ram:Name'); // BT-153
        const qtyAt = find(line, 'ram:SpecifiedLineTradeDelivery', 'ram:BilledQuantity'); // BT-129, BT-130
        const qty = qtyAt ? textAt(qtyAt) : null;
        const qtyValue = qty ? decimal(qty.text) : null;
        const priceAt = find(line, 'ram:SpecifiedLineTradeAgreement', 'ram:NetPriceProductTradePrice');
        const price = priceAt ? textAt(priceAt, 'ram:ChargeAmount') : null; // BT-146
        const base = priceAt ? textAt(priceAt, 'ram:BasisQuantity') : null; // BT-149
        const priceValue = price ? decimal(price.text) : null;
        const baseValue = base ? decimal(base.text) : null;
        return {
          path: line.path,
          name: name ? { text: name.text, path: name.path } : null,
          quantity: qty && qtyAt && qtyValue !== null ? { value: qtyValue, raw: qty.text, unitCode: qtyAt.node.attrs.unitCode ?? null, path: qty.path } : null,
          unitPrice: price && priceValue !== null ? { value: baseValue && baseValue > 0 ? priceValue / baseValue : priceValue, raw: base ? `${price.text} / ${base.text}` : price.text, path: price.path } : null,
        };
      })
    : [];
  setLineFields(sink, lines, `${trade?.path ?? doc.path}/ram:IncludedSupplyChainTradeLineItem`);

  const customization = textAt(doc, 'rsm:ExchangedDocumentContext', 'ram:GuidelineSpecifiedDocumentContextParameter', 'ram:ID')?.text ?? null; // BT-24
  return {
    info: { syntax: 'cii', documentType: isCredit ? 'credit_note' : 'invoice', customization, label: specificationLabel('cii', customization), attachment: null },
    fields: sink.fields,
    problems: sink.problems,
  };
}
