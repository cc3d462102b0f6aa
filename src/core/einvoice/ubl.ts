/**
 * UBL 2.1 invoices and credit notes as EN 16931 binds them (Peppol BIS Billing 3.0, XRechnung UBL),
 * read into the canonical invoice fields. Business terms (BT-n) are those of EN 16931-1.
 */
import { formatCharge } from '../../shared/documents';
import type { Charge } from '../../shared/documents';
import { setLineFields } from './lines';
import type { LineReading } from './lines';
import type { EInvoiceReading } from './reading';
import { specificationLabel } from './specification';
import { FieldSink, chargeKind, compactAccount, decimal, signedCharge, ublDate } from './values';
import type { XmlMethod } from './values';
import { NAMESPACES, find, findAll, textAt } from './xml-node';
import type { Located, XmlNode } from './xml-node';

/** Whether a root element is a UBL invoice or credit note. */
export const isUblRoot = (root: XmlNode): boolean =>
  (root.ns === NAMESPACES.ublInvoice && root.name === 'Invoice') || (root.ns === NAMESPACES.ublCreditNote && root.name === 'CreditNote');

export const CREDIT_NOTE_NOTE = 'This is a credit note (type code 381): it credits the buyer and is no claim for payment.';

/** Reads a UBL Invoice or CreditNote root. */
export function readUbl(root: XmlNode, method: XmlMethod): EInvoiceReading {
  const creditNote = root.name === 'CreditNote';
  const doc: Located = { node: root, path: `/${root.name}` };
  const sink = new FieldSink(method);
  const typeCode = textAt(doc, creditNote ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode')?.text ?? null;
  const isCredit = creditNote || typeCode === '381';
  const note = isCredit ? CREDIT_NOTE_NOTE : undefined;

  const number = textAt(doc, 'cbc:ID'); // BT-1
  if (number) sink.set('invoice_number', number.text, number.text, number.path, note);
  sink.date('issue_date', textAt(doc, 'cbc:IssueDate'), ublDate); // BT-2
  // BT-9: on an Invoice at the top, on a CreditNote under its payment means.
  sink.date('due_date', textAt(doc, 'cbc:DueDate') ?? textAt(doc, 'cac:PaymentMeans', 'cbc:PaymentDueDate'), ublDate);
  const currency = textAt(doc, 'cbc:DocumentCurrencyCode'); // BT-5
  if (currency) sink.set('currency', currency.text.toUpperCase(), currency.text, currency.path);

  // BT-27 / BT-44: the legal names, else the trading names (BT-28, BT-45).
  const party = (role: 'cac:AccountingSupplierParty' | 'cac:AccountingCustomerParty') =>
    textAt(doc, role, 'cac:Party', 'cac:PartyLegalEntity', 'cbc:RegistrationName') ?? textAt(doc, role, 'cac:Party', 'cac:PartyName', 'cbc:Name');
  sink.text('seller', party('cac:AccountingSupplierParty'));
  sink.text('buyer', party('cac:AccountingCustomerParty'));

  // BG-22, document totals.
  const totals = find(doc, 'cac:LegalMonetaryTotal');
  if (totals) {
    sink.amount('total_amount', textAt(totals, 'cbc:TaxInclusiveAmount'), note); // BT-112
    sink.amount('subtotal', textAt(totals, 'cbc:LineExtensionAmount')); // BT-106
    sink.amount('amount_due', textAt(totals, 'cbc:PayableAmount')); // BT-115
  }
  // BT-110: the tax total in the invoice currency (a second TaxTotal may give it in the tax currency, BT-111).
  const taxTotals = findAll(doc, 'cac:TaxTotal').map((t) => find(t, 'cbc:TaxAmount')).filter((t): t is Located => t !== null);
  const tax = taxTotals.find((t) => currency && t.node.attrs.currencyID === currency.text) ?? taxTotals[0];
  sink.amount('tax_amount', tax ? textAt(tax) : null);

  // BG-20 / BG-21: document-level allowances and charges.
  const charges: { charge: Charge; raw: string }[] = [];
  for (const ac of findAll(doc, 'cac:AllowanceCharge')) {
    const amount = textAt(ac, 'cbc:Amount');
    const value = amount ? decimal(amount.text) : null;
    if (!amount || value === null) {
      if (amount) sink.unreadable('allowance or charge amount', amount.text, amount.path);
      continue;
    }
    const isCharge = textAt(ac, 'cbc:ChargeIndicator')?.text.toLowerCase() === 'true';
    const reason = textAt(ac, 'cbc:AllowanceChargeReason')?.text ?? null;
    const charge = signedCharge(chargeKind(isCharge, textAt(ac, 'cbc:AllowanceChargeReasonCode')?.text ?? null, reason), value);
    charges.push({ charge, raw: `${reason ?? (isCharge ? 'Charge' : 'Allowance')} ${amount.text}` });
  }
  if (charges.length > 0) sink.set('charges', charges.map((c) => formatCharge(c.charge)), charges.map((c) => c.raw).join('; '), `${doc.path}/cac:AllowanceCharge`);

  sink.text('buyer_order_ref', textAt(doc, 'cac:OrderReference', 'cbc:ID')); // BT-13
  // BT-84: the first payment means with an account.
  for (const means of findAll(doc, 'cac:PaymentMeans')) {
    const account = textAt(means, 'cac:PayeeFinancialAccount', 'cbc:ID');
    if (!account) continue;
    sink.set('payment_account', compactAccount(account.text), account.text, account.path);
    break;
  }
  const incoterm = textAt(doc, 'cac:Delivery', 'cac:DeliveryTerms', 'cbc:ID');
  if (incoterm && /^[A-Z]{3}$/i.test(incoterm.text)) sink.set('incoterm', incoterm.text.toUpperCase(), incoterm.text, incoterm.path);

  // BG-25, the lines.
  const lineStep = creditNote ? 'cac:CreditNoteLine' : 'cac:InvoiceLine';
  const lines: LineReading[] = findAll(doc, lineStep).map((line) => {
    const name = textAt(line, 'cac:Item', 'cbc:Name'); // BT-153
    const qty = textAt(line, creditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity'); // BT-129, BT-130
    const qtyValue = qty ? decimal(qty.text) : null;
    const price = textAt(line, 'cac:Price', 'cbc:PriceAmount'); // BT-146
    const base = textAt(line, 'cac:Price', 'cbc:BaseQuantity'); // BT-149
    const priceValue = price ? decimal(price.text) : null;
    const baseValue = base ? decimal(base.text) : null;
    return {
      path: line.path,
      name: name ? { text: name.text, path: name.path } : null,
      quantity: qty && qtyValue !== null ? { value: qtyValue, raw: qty.text, unitCode: find(line, creditNote ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity')?.node.attrs.unitCode ?? null, path: qty.path } : null,
      unitPrice: price && priceValue !== null ? { value: baseValue && baseValue > 0 ? priceValue / baseValue : priceValue, raw: base ? `${price.text} / ${base.text}` : price.text, path: price.path } : null,
    };
  });
  setLineFields(sink, lines, `${doc.path}/${lineStep}`);

  const customization = textAt(doc, 'cbc:CustomizationID')?.text ?? null; // BT-24
  return {
    info: { syntax: 'ubl', documentType: isCredit ? 'credit_note' : 'invoice', customization, label: specificationLabel('ubl', customization), attachment: null },
    fields: sink.fields,
    problems: sink.problems,
  };
}
