/** Arithmetic: the invoice's own numbers add up (quantity × price, line items, due date vs terms). */
import { isoFromDay } from '../dates';
import type { Charge } from '../../../shared/documents';
import { parseCharge } from '../../../shared/documents';
import { documentEvidence, fieldEvidence, hitEvidence } from '../evidence';
import { currencyOf, derivedOf, issueDayOf, numberOf, shipmentDay, slipNote, textOf } from '../facts';
import { fmtMoney, fmtPct, fmtQty } from '../format';
import type { FindingDraft, ReceivableFacts, ReceivableRule } from '../types';
import { firstDigitsOf, lastDigitsOf } from '../../extraction/grammars/amounts';

const NONE: readonly FindingDraft[] = [];

/** The invoice's charges (freight, insurance, handling; discounts negative) as read, with their sum. */
function chargesOf(r: ReceivableFacts): { readonly list: readonly Charge[]; readonly sum: number } | null {
  const value = r.invoice.fields.charges?.value;
  if (!Array.isArray(value)) return null;
  const list = (value as readonly string[]).map(parseCharge).filter((c): c is Charge => c !== null);
  return { list, sum: list.reduce((s, c) => s + c.amount, 0) };
}

/**
 * The goods value the invoice states, and how it was found: the subtotal when read, else the total
 * less the charges and tax that were read. `complete` is false when only the total was read, so
 * charges or tax may exist that nobody read.
 */
function goodsValue(r: ReceivableFacts): { readonly value: number; readonly used: string; readonly complete: boolean; readonly gap: string } | null {
  const subtotal = numberOf(r.invoice, 'subtotal');
  if (subtotal !== null) return { value: subtotal, used: 'subtotal', complete: true, gap: '' };
  const amount = numberOf(r.invoice, 'total_amount');
  if (amount === null) return null;
  const charges = chargesOf(r);
  const tax = numberOf(r.invoice, 'tax_amount');
  const unread = ' No subtotal, charge or tax line was read: check whether the invoice adds freight, insurance or tax.';
  if (!charges && tax === null) return { value: amount, used: 'total', complete: false, gap: unread };
  const parts = [charges ? `charges ${charges.list.map((c) => `${c.kind} ${c.amount}`).join(', ')}` : null, tax !== null ? `tax ${tax}` : null].filter(Boolean).join(' and ');
  const value = amount - (charges?.sum ?? 0) - (tax ?? 0);
  // Charges and tax that take the whole total leave no goods: they were misread, so the total is
  // all that can be compared, and only as a warning.
  if (value <= 0) return { value: amount, used: 'total', complete: false, gap: ` The ${parts} read come to the whole total or more, so they were misread: confirm the invoice's charges and tax on the page.` };
  return { value, used: `total less ${parts}`, complete: true, gap: '' };
}

const couldNot = (r: ReceivableFacts, what: string, evidence: FindingDraft['evidence']): FindingDraft[] => [
  { receivableId: r.id, key: '', severity: 'info', message: `Could not check: ${what} not read on the invoice.`, evidence },
];

export const total: ReceivableRule = {
  id: 'arithmetic.total',
  title: 'Quantity × unit price equals the goods value',
  category: 'arithmetic',
  reference: 'UCP 600 art. 18(c)',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const qty = numberOf(r.invoice, 'quantity');
    const price = numberOf(r.invoice, 'unit_price');
    // Several goods lines: quantity × price is one line's, which arithmetic.line checks.
    if (r.invoice.signals.lineItems.length > 1) return NONE;
    const goods = goodsValue(r);
    if (qty === null || price === null || goods === null || goods.value === 0) {
      if ((qty === null) === (price === null) && goods !== null) return NONE;
      const missing = [qty === null ? 'quantity' : null, price === null ? 'unit price' : null, goods === null ? 'total' : null].filter(Boolean).join(', ');
      return couldNot(r, missing, [documentEvidence(r.invoice, 'Invoice')]);
    }
    const product = qty * price;
    const diffPct = ((goods.value - product) / product) * 100;
    const tolerance = ctx.policy.arithmetic.totalTolerancePct;
    if (Math.abs(diffPct) <= tolerance + 1e-9) return NONE;
    const currency = currencyOf(r);
    const against = goods.used === 'subtotal' ? 'the goods subtotal' : goods.used === 'total' ? 'the invoice total' : `the goods value (${goods.used})`;
    // Only the total was read: charges or tax the page prints may be what makes the difference. Or
    // the difference is an exact power of ten on a scan: a decimal separator lost in reading.
    const slipped = r.derived.decimalSlip !== null;
    // A unit price that is the goods value or the total itself, on more than one unit: the price was
    // read from the amount column (a table whose price header was misread or unread), not printed so.
    const sameAs = (v: number | null): boolean => v !== null && Math.abs(v - price) <= 0.005;
    const columnSwap = qty !== 1 && (sameAs(goods.value) || sameAs(numberOf(r.invoice, 'total_amount')));
    const swapNote = columnSwap ? ' The unit price read is the amount itself: it was likely read from the amount column — confirm the unit price on the page.' : '';
    return [{
      receivableId: r.id,
      key: '',
      ...(goods.complete && !slipped && !columnSwap ? {} : { severity: 'warn' as const }),
      message: `${fmtQty(qty)} ${textOf(r.invoice, 'quantity_unit') ?? ''} × ${fmtMoney(price, currency)} = ${fmtMoney(product, currency)}, but ${against} is ${fmtMoney(goods.value, currency)} (${fmtPct(diffPct, true)}, tolerance ±${tolerance} %).${goods.gap}${slipNote(r)}${swapNote}`,
      evidence: [fieldEvidence(r.invoice, 'quantity', 'Quantity'), fieldEvidence(r.invoice, 'unit_price', 'Unit price'), fieldEvidence(r.invoice, goods.used === 'subtotal' ? 'subtotal' : 'total_amount', goods.used === 'subtotal' ? 'Subtotal' : 'Total')],
    }];
  },
};

/**
 * The reading confidence below which figures OCR read are no evidence for a `fail` on their own. On the
 * generator's scans (ten pools), every goods line whose quantity × price missed its amount was a
 * misreading read below 0.6; lines that added up were read between 0.2 and 1.
 */
const SURE_READING = 0.7;

/** Whether two figures, to the cent and with as many digits, differ in one digit only ('2723.00' read for 4723.00). */
const oneDigitApart = (a: number, b: number): boolean => {
  const [x, y] = [String(Math.round(Math.abs(a) * 100)), String(Math.round(Math.abs(b) * 100))];
  if (x.length !== y.length || x === y) return false;
  let differ = 0;
  for (let i = 0; i < x.length; i += 1) if (x[i] !== y[i]) differ += 1;
  return differ === 1;
};

export const line: ReceivableRule = {
  id: 'arithmetic.line',
  title: 'Each line: quantity × unit price equals the line amount',
  category: 'arithmetic',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const out: FindingDraft[] = [];
    const tolerance = ctx.policy.arithmetic.totalTolerancePct;
    const currency = currencyOf(r);
    const items = r.invoice.signals.lineItems;
    const goods = r.invoice.signals.ocr === true ? goodsValue(r) : null;
    const sum = items.reduce((a, l) => a + l.amount, 0);
    items.forEach((l, i) => {
      if (l.quantity === null || l.unitPrice === null || l.amount === 0) return;
      const product = l.quantity * l.unitPrice;
      const diffPct = ((l.amount - product) / l.amount) * 100;
      if (Math.abs(diffPct) <= tolerance + 1e-9) return;
      // On a scan, when the product (not the amount read) is what makes the lines add up to the
      // goods value, the amount was misread: a reading to confirm, not a wrong invoice.
      const near = (value: number): boolean => goods !== null && goods.complete && Math.abs(value - goods.value) <= Math.abs(goods.value) * (tolerance / 100) + 0.01;
      const misread = near(sum - l.amount + product);
      // On a scan, a product about a power of ten off the amount ('55' read for 5.51: the decimal
      // separator lost, and a digit with it) while the amounts as read add up to the goods value:
      // the quantity or the price was misread.
      const ratio = Math.abs(product / l.amount);
      const tens = Math.round(Math.log10(ratio));
      // (Amounts that add up to the total alone will do: charges and tax would only have kept them short.)
      const addsUp = goods !== null && Math.abs(sum - goods.value) <= Math.abs(goods.value) * (tolerance / 100) + 0.01;
      // So is a product a power of ten off to the cent on a scan ('6.270' kg read for 6,270 beside
      // '8,360'), whatever the rest adds up to: a wrong price is not off by exactly a thousand times.
      const exact = r.invoice.signals.ocr === true && Math.abs(ratio / 10 ** tens - 1) <= 0.002;
      const factorMisread = tens !== 0 && Math.abs(ratio / 10 ** tens - 1) <= 0.02 && (addsUp || exact);
      const [productCents, amountCents] = [String(Math.round(Math.abs(product) * 100)), String(Math.round(Math.abs(l.amount) * 100))];
      // Why the line may be a misreading rather than a wrong invoice: the first explanation that holds,
      // as a warn that says what to confirm; none, a fail.
      const explain = (): string | null => {
        if (misread && goods) return ` Read from a scan, and with ${fmtMoney(product, currency)} the lines add up to the ${goods.used}: the amount was likely misread — confirm it on the page.`;
        if (factorMisread) {
          return ` Read from a scan, and ${addsUp && goods ? `the line amounts as read add up to the ${goods.used}, while ` : ''}quantity × price is ${addsUp ? 'about ' : ''}${fmtQty(10 ** Math.abs(tens))} times ${tens > 0 ? 'more' : 'less'}: a decimal separator in the quantity or the unit price was likely lost in reading — confirm them on the page.`;
        }
        if (r.invoice.signals.ocr !== true) return null;
        // A product that is the amount but for its sign: a speck before a figure read as a minus
        // ('-3,03' for 3,03 on a goods line whose amount is positive).
        if (Math.abs(l.amount + product) <= Math.abs(l.amount) * (tolerance / 100) + 0.01) {
          return ' Read from a scan, and the two differ only in their sign: a mark before a figure was likely read as a minus — confirm the line on the page.';
        }
        // An amount that is the product's last digits ('790,00' of 20.790,00): its first digits lost
        // under a stamp or a fold. Four digits at least, so no chance ending matches.
        if (amountCents.length >= 4 && productCents.length > amountCents.length && productCents.endsWith(amountCents)) {
          return ' Read from a scan, and the amount read is the last digits of quantity × price: its first digits were likely lost in reading — confirm the line on the page.';
        }
        // A unit price or quantity that is the last digits of what the amount over the other figure
        // gives ('45' of 3,45 under a stamp): its first digits lost in reading.
        const [q, p] = [l.quantity ?? 0, l.unitPrice ?? 0];
        if ((q !== 0 && lastDigitsOf(p, l.amount / q)) || (p !== 0 && lastDigitsOf(q, l.amount / p))) {
          return ' Read from a scan, and the unit price or quantity read is the last digits of the figure the amount gives: its first digits were likely lost in reading — confirm the line on the page.';
        }
        // Or its first digits, the rest under a stamp printed across it ('6' of 6,500 under ORIGINAL).
        if ((q !== 0 && firstDigitsOf(p, l.amount / q)) || (p !== 0 && firstDigitsOf(q, l.amount / p))) {
          return ' Read from a scan, and the unit price or quantity read is the first digits of the figure the amount gives: its last digits were likely lost in reading — confirm the line on the page.';
        }
        // Figures OCR was unsure of are no evidence for a fail, whatever they seem to say.
        if ((l.confidence ?? 1) < SURE_READING) return ` Read from a scan, and OCR was unsure of these figures (${Math.round((l.confidence ?? 0) * 100)} % confidence): confirm them on the page.`;
        return null;
      };
      const note = explain();
      out.push({
        receivableId: r.id,
        key: String(i + 1),
        ...(note !== null ? { severity: 'warn' as const } : {}),
        message: `Line ${i + 1}: ${fmtQty(l.quantity)} × ${fmtMoney(l.unitPrice, currency)} = ${fmtMoney(product, currency)}, but the line amount is ${fmtMoney(l.amount, currency)} (${fmtPct(diffPct, true)}).${note ?? ''}`,
        evidence: [hitEvidence(r.invoice, l.hit, `Line ${i + 1}`)],
      });
    });
    return out;
  },
};

/**
 * A figure printed in the invoice's summary block that none of the figures read accounts for and
 * that is exactly `gap` (either sign): a summary line (a charge, a discount) under a caption the
 * reader missed, which explains the difference — the reading is incomplete, not the invoice wrong.
 */
function unreadSummaryFigure(r: ReceivableFacts, gap: number, read: readonly (number | null)[]): number | undefined {
  const used = new Set(read.filter((v): v is number => v !== null).map((v) => Math.abs(v).toFixed(2)));
  return (r.invoice.signals.summaryFigures ?? []).find((x) => !used.has(x.toFixed(2)) && Math.abs(Math.abs(gap) - x) <= 0.011);
}

/** The summary's figures, as a finding names them. */
const SUMMARY_FIELDS = [
  ['subtotal', 'subtotal'],
  ['charges', 'charges'],
  ['tax_amount', 'tax'],
  ['total_amount', 'total'],
] as const;

export const summary: ReceivableRule = {
  id: 'arithmetic.summary',
  title: 'Subtotal, charges and tax add up to the total',
  category: 'arithmetic',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const subtotal = numberOf(r.invoice, 'subtotal');
    const amount = numberOf(r.invoice, 'total_amount');
    if (subtotal === null || amount === null) return NONE;
    const charges = chargesOf(r);
    const tax = numberOf(r.invoice, 'tax_amount');
    const sum = subtotal + (charges?.sum ?? 0) + (tax ?? 0);
    const diffPct = amount === 0 ? 0 : ((amount - sum) / amount) * 100;
    if (Math.abs(amount - sum) <= 0.011 || Math.abs(diffPct) <= ctx.policy.arithmetic.totalTolerancePct / 10) return NONE;
    const currency = currencyOf(r);
    const parts = [`subtotal ${fmtMoney(subtotal, currency)}`, ...(charges?.list ?? []).map((c) => `${c.kind} ${fmtMoney(c.amount, currency)}`), ...(tax !== null ? [`tax ${fmtMoney(tax, currency)}`] : [])];
    // A summary line printed but not read (a charge or discount under a label the reader missed)
    // explains the difference exactly: then the reading is incomplete, not the invoice wrong.
    const unread = unreadSummaryFigure(r, amount - sum, [subtotal, amount, tax, ...(charges?.list ?? []).map((c) => c.amount)]);
    if (unread !== undefined) {
      return [{
        receivableId: r.id,
        key: '',
        severity: 'warn',
        message: `${parts.join(' + ')} = ${fmtMoney(sum, currency)}, but the invoice total is ${fmtMoney(amount, currency)}: the difference is the figure ${fmtMoney(unread, currency)} printed in the summary, a line that was not read. Confirm what it is.`,
        evidence: [fieldEvidence(r.invoice, 'subtotal', 'Subtotal'), fieldEvidence(r.invoice, 'total_amount', 'Total')],
      }];
    }
    const read = charges !== null || tax !== null;
    // Figures read below the policy's confidence and not confirmed are no evidence for a fail: a
    // digit misread on a scan ('2723.00' for 4.723,00 at 76 %) makes the sum miss as surely.
    const unsure = SUMMARY_FIELDS.flatMap(([name, label]) => {
      const field = r.invoice.fields[name];
      return field && !field.confirmed && field.confidence < ctx.policy.dataQuality.minConfidence ? [`${label} (${Math.round(field.confidence * 100)} %)`] : [];
    });
    // On a scan, a difference that one digit of one figure explains ('2723.00' read for 4.723,00, the
    // sum 2,000 short): a digit misread. Two digits swapped (a transposed total) never differ in one.
    const oneDigit =
      r.invoice.signals.ocr === true
        ? [['subtotal', subtotal, subtotal + (amount - sum)] as const, ...(charges?.list ?? []).map((c) => [c.kind, c.amount, c.amount + (amount - sum)] as const), ...(tax !== null ? [['tax', tax, tax + (amount - sum)] as const] : []), ['total', amount, sum] as const].filter(([, was, would]) => oneDigitApart(was, would))
        : [];
    const either = oneDigit.map(([name, , would]) => `${name} ${fmtMoney(would, currency)}`);
    const oneDigitNote = either.length ? ` Read from a scan, and one digit explains the difference (${either.length > 1 ? `${either.slice(0, -1).join(', ')} or ${either.at(-1)}` : either[0]} would add up): a digit likely misread — confirm it on the page.` : '';
    const unsureNote = unsure.length > 0 ? ` The ${unsure.join(', ')} ${unsure.length > 1 ? 'were' : 'was'} read with little confidence: confirm ${unsure.length > 1 ? 'them' : 'it'} on the page.` : '';
    // A summary line printed whose figure could not be read ("Less Discount" beside a smudge) may be the difference.
    const unreadLines = r.invoice.signals.unreadSummaryLines ?? [];
    const unreadNote = unreadLines.length > 0 ? ` The summary prints ${unreadLines.map((l) => `'${l}'`).join(', ')} with no figure that could be read: the difference may be that line. Confirm it on the page.` : '';
    return [{
      receivableId: r.id,
      key: '',
      ...(read && unreadLines.length === 0 && unsure.length === 0 && oneDigit.length === 0 ? {} : { severity: 'warn' as const }),
      message: `${parts.join(' + ')} = ${fmtMoney(sum, currency)}, but the invoice total is ${fmtMoney(amount, currency)} (${fmtPct(diffPct, true)}).${read ? '' : ' No charge or tax line was read: the difference may be one that was not read.'}${unreadNote}${unsureNote}${oneDigitNote}`,
      evidence: [fieldEvidence(r.invoice, 'subtotal', 'Subtotal'), ...(charges ? [fieldEvidence(r.invoice, 'charges', 'Charges')] : []), ...(tax !== null ? [fieldEvidence(r.invoice, 'tax_amount', 'Tax')] : []), fieldEvidence(r.invoice, 'total_amount', 'Total')],
    }];
  },
};

export const lineItems: ReceivableRule = {
  id: 'arithmetic.line_items',
  title: 'Line items add up to the goods value',
  category: 'arithmetic',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const lines = r.invoice.signals.lineAmounts;
    const goods = goodsValue(r);
    if (lines.length === 0) return NONE;
    if (goods === null || goods.value === 0) return couldNot(r, 'total', [documentEvidence(r.invoice, 'Invoice')]);
    let sum = 0;
    for (const l of lines) sum += l.amount;
    const diffPct = ((goods.value - sum) / goods.value) * 100;
    if (Math.abs(diffPct) <= ctx.policy.arithmetic.totalTolerancePct + 1e-9) return NONE;
    const currency = currencyOf(r);
    const against = goods.used === 'subtotal' ? 'the goods subtotal' : goods.used === 'total' ? 'the invoice total' : `the goods value (${goods.used})`;
    // On a scan, a line amount that is not its quantity × unit price may be a misreading: the sum
    // then proves nothing against the invoice until a person confirms the lines.
    const unsure = r.invoice.signals.ocr === true ? Math.max(r.invoice.signals.lineItems.filter((l) => !lineAddsUp(l)).length, r.invoice.signals.lineItems.length === 0 ? lines.length : 0) : 0;
    // A scan that lost a line's decimal mark ('8243820' for 82 438,20; its unit price '813' for 8,13,
    // so the line still multiplies out) is off by a power of ten that the goods value puts back.
    const tolerance = (goods.value * ctx.policy.arithmetic.totalTolerancePct) / 100 + 0.011;
    const slipped = r.invoice.signals.ocr === true ? lines.findIndex((l) => [10, 100, 1000].some((k) => Math.abs(sum - l.amount + l.amount / k - goods.value) <= tolerance)) : -1;
    // A goods value read as the last digits of the lines' sum ('400,00' of 38.400,00 under a stamp).
    const cut = r.invoice.signals.ocr === true && slipped < 0 && lastDigitsOf(goods.value, sum) ? ` Read from a scan, and the ${goods.used} read is the last digits of the lines' sum: its first digits were likely lost in reading — confirm it on the page.` : '';
    const slip = slipped >= 0 ? ` Read from a scan, line ${slipped + 1} (${fmtMoney(lines[slipped]!.amount, currency)}) may have lost its decimal mark: with it, the lines add up. Confirm the line amount on the page.` : '';
    // A goods value worked out from the total less the charges read, short by exactly a figure printed
    // in the summary that no line, charge or tax was read from: a charge whose caption the reader
    // missed ('…andkosten: 4.071,00'), so the reading is incomplete, not the invoice wrong.
    const unread =
      goods.used === 'subtotal' ? undefined : unreadSummaryFigure(r, goods.value - sum, [sum, numberOf(r.invoice, 'total_amount'), numberOf(r.invoice, 'tax_amount'), ...(chargesOf(r)?.list ?? []).map((c) => c.amount)]);
    const unreadNote = unread !== undefined ? ` The difference is the figure ${fmtMoney(unread, currency)} printed in the summary, on a line that was not read (a charge under a caption the reader missed?): confirm what it is.` : '';
    return [{
      receivableId: r.id,
      key: '',
      ...(goods.complete && unsure === 0 && slipped < 0 && !cut && unread === undefined ? {} : { severity: 'warn' as const }),
      message: `The ${lines.length} line amount${lines.length === 1 ? '' : 's'} add up to ${fmtMoney(sum, currency)}, but ${against} is ${fmtMoney(goods.value, currency)} (${fmtPct(diffPct, true)}).${goods.gap}${unreadNote || slip || cut || (unsure ? ` Read from a scan, and ${unsure} of the lines ${unsure === 1 ? 'is' : 'are'} not confirmed by quantity × unit price as read: confirm the line amounts on the page.` : '')}`,
      evidence: [fieldEvidence(r.invoice, goods.used === 'subtotal' ? 'subtotal' : 'total_amount', goods.used === 'subtotal' ? 'Subtotal' : 'Total'), ...lines.map((l) => hitEvidence(r.invoice, l.hit, 'Line amount'))],
    }];
  },
};

/** A line whose amount is its quantity × unit price as read (1 % and a cent of slack); not confirmed when either is missing. */
const lineAddsUp = (l: { readonly amount: number; readonly quantity: number | null; readonly unitPrice: number | null }): boolean =>
  l.quantity !== null && l.unitPrice !== null && Math.abs(l.quantity * l.unitPrice - l.amount) <= Math.max(0.01, Math.abs(l.amount) * 0.01);

export const dueDateTerms: ReceivableRule = {
  id: 'arithmetic.due_date_terms',
  title: 'Due date follows the stated terms',
  category: 'arithmetic',
  reference: null,
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const terms = r.invoice.signals.paymentTerms;
    const due = derivedOf(r).printedDueDay;
    if (!terms || due === null) return NONE;
    const base = terms.from === 'bl' ? shipmentDay(r) : issueDayOf(r);
    if (base === null) return NONE;
    const expected = base + terms.days;
    const off = due - expected;
    const tolerance = ctx.policy.arithmetic.dueDateToleranceDays;
    if (Math.abs(off) <= tolerance) return NONE;
    const from = terms.from === 'bl' ? 'the shipped-on-board date' : 'the invoice date';
    const baseEvidence = terms.from === 'bl' && r.bls[0] ? fieldEvidence(r.bls[0], 'shipped_on_board_date', 'Shipped on board') : fieldEvidence(r.invoice, 'issue_date', 'Invoice date');
    return [{
      receivableId: r.id,
      key: '',
      message: `Terms "${terms.hit.text}" put the due date at ${isoFromDay(base)} + ${terms.days} days = ${isoFromDay(expected)} (from ${from}), but the invoice says ${isoFromDay(due)}: ${Math.abs(off)} days ${off > 0 ? 'later' : 'earlier'} (tolerance ${tolerance}).`,
      evidence: [hitEvidence(r.invoice, terms.hit, 'Payment terms'), fieldEvidence(r.invoice, 'due_date', 'Due date'), baseEvidence],
    }];
  },
};

export const ARITHMETIC_RULES = [total, line, lineItems, summary, dueDateTerms] as const;
