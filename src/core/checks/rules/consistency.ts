/**
 * Document consistency: does the bill of lading tell the same story as the invoice (parties, goods,
 * quantity, weight, dates, ports, B/L number), and are both documents what they claim to be?
 */
import type { Evidence } from '../../../shared/checks';
import { isNameLine } from '../../extraction/party-blocks';
import { citedNumber, compareBlNumbers, plausibleBlNumber, vesselRelation } from '../../receivables/linking';
import { isoFromDay } from '../dates';
import { documentEvidence, fieldEvidence, hitEvidence } from '../evidence';
import { asciiCaseEqual, compactId, contextIndex, dayOf, derivedOf, dueDateInDoubt, keyWords, normalizedName, numberOf, policyIndex, sameName, slipNote, textOf } from '../facts';
import { fmtPct, fmtQty } from '../format';
import { foldPartyName, legalFormOf, namesBegunBy, namesEndedBy, namesEndedWithForm, normalizePartyName } from '../names';
import { canonicalUnit, convertQuantity, isCountUnit, isWeightUnit } from '../units';
import type { CheckContext, DocumentFacts, FindingDraft, ReceivableFacts, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

const TO_ORDER_RE = /^\s*TO\s+(?:THE\s+)?ORDER\b(?:\s+OF\b)?\s*(.*)$/i;
const SAME_AS_CONSIGNEE_RE = /\bSAME\s+AS\s+CONSIGNEE\b/i;
const SHIPPER_RE = /^\s*(?:THE\s+)?SHIPPER\W*$/i;

export const sellerShipper: ReceivableRule = {
  id: 'consistency.seller_shipper',
  title: 'Seller is the shipper',
  category: 'document_consistency',
  reference: 'UCP 600 art. 14(k)',
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const seller = textOf(r.invoice, 'seller');
    if (!seller) return NONE;
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      const shipper = textOf(bl, 'shipper');
      if (!shipper) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, message: `The B/L ${bl.fileName} names no shipper to compare with the seller "${seller}".`, evidence: [documentEvidence(bl, 'B/L'), fieldEvidence(r.invoice, 'seller', 'Seller')] });
        continue;
      }
      if (sameName(seller, shipper)) continue;
      const matched = contextIndex(ctx).supplierOf(shipper);
      if (matched && r.supplierId !== null && matched.id === r.supplierId) continue;
      // A forwarder shipping "as agent for" or "on behalf of" the seller ships for the seller.
      const principal = principalOf(shipper);
      if (principal && (sameName(seller, principal) || (r.supplierId !== null && contextIndex(ctx).supplierOf(principal)?.id === r.supplierId))) continue;
      (out ??= []).push({
        receivableId: r.id,
        key: bl.documentId,
        message: `B/L shipper "${shipper}" is not the invoice seller "${seller}". A third-party shipper is allowed by UCP 600 art. 14(k), but in receivables finance it needs an explanation (who sold the goods?).`,
        evidence: [fieldEvidence(bl, 'shipper', 'Shipper'), fieldEvidence(r.invoice, 'seller', 'Seller')],
      });
    }
    return out ?? NONE;
  },
};

// A legal form makes a printed name a company's ("Ltd", "GmbH", "JSC", "S.A. de C.V."…).
const LEGAL_ENTITY_RE =
  /\b(ltd|limited|inc|incorporated|llc|llp|gmbh|ag|kg|s\.?a\.?|sas|sarl|s\.?r\.?l|b\.?v|n\.?v|co\.?|corp|corporation|company|jsc|plc|pte|pvt|pty|ltda|oy|ab|a\/s|pcl|bhd|sdn|lda|tbk|tnhh|spa|s\.p\.a|kk|kft|s\.r\.o|sp\.? z o\.?o)\b\.?/i;

/** The party a name acts for: "X AS AGENT FOR Y", "X ON BEHALF OF Y", "X O/B Y", "Y C/O X" → Y. */
export function principalOf(name: string): string | null {
  const m = /\b(?:as\s+agents?\s+(?:only\s+)?(?:for|of)|(?:for\s+and\s+)?on\s+behalf\s+of|o\/b(?:\s+of)?|acting\s+for)\s+(.+)$/i.exec(name);
  if (m?.[1]) return m[1].replace(/^the\s+/i, '').trim();
  const co = /^(.+?)\s+c\/o\b/i.exec(name);
  return co?.[1]?.trim() ?? null;
}

/** `name` is the invoice's buyer: the same printed name, or it matches the receivable's buyer. */
const isBuyer = (r: ReceivableFacts, name: string | null, buyer: string, ctx: CheckContext): boolean => {
  if (!name) return false;
  if (sameName(name, buyer)) return true;
  const matched = contextIndex(ctx).buyerOf(name);
  return matched !== null && r.buyerId !== null && matched.id === r.buyerId;
};

/** The buyer is the consignee, the party a to-order B/L is made out to, or the notify party. */
const buyerOnBl = (r: ReceivableFacts, bl: DocumentFacts, buyer: string, ctx: CheckContext): boolean => {
  const consignee = textOf(bl, 'consignee');
  const forBuyer = (n: string | null): boolean => n !== null && (isBuyer(r, n, buyer, ctx) || isBuyer(r, principalOf(n), buyer, ctx));
  // The common case first, before any regular expression runs.
  if (consignee !== null && sameName(consignee, buyer)) return true;
  const notify = textOf(bl, 'notify_party');
  const order = consignee ? TO_ORDER_RE.exec(consignee) : null;
  const consigneeParty = order ? (order[1] && !SHIPPER_RE.test(order[1]) ? order[1] : null) : consignee;
  if (forBuyer(consigneeParty)) return true;
  if (notify && SAME_AS_CONSIGNEE_RE.test(notify)) return false; // "same as consignee": the consignee already failed
  return forBuyer(notify);
};

export const buyerConsignee: ReceivableRule = {
  id: 'consistency.buyer_consignee',
  title: 'Buyer is the consignee or notify party',
  category: 'document_consistency',
  reference: 'UCP 600 art. 14(j)',
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const buyer = textOf(r.invoice, 'buyer');
    if (!buyer) {
      return r.bls.length === 0 ? NONE : [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not compare the buyer with the B/L consignee and notify party: the invoice buyer was not read.', evidence: [fieldEvidence(r.invoice, 'buyer', 'Buyer')] }];
    }
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      if (buyerOnBl(r, bl, buyer, ctx)) continue;
      if (textOf(bl, 'consignee') === null && textOf(bl, 'notify_party') === null) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'info', message: `Could not compare the buyer with ${bl.fileName}: neither its consignee nor its notify party was read.`, evidence: [fieldEvidence(bl, 'consignee', 'Consignee'), fieldEvidence(bl, 'notify_party', 'Notify party')] });
        continue;
      }
      out ??= [];
      const consignee = textOf(bl, 'consignee') ?? '(none)';
      const notify = textOf(bl, 'notify_party') ?? '(none)';
      out.push({
        receivableId: r.id,
        key: bl.documentId,
        message: `Invoice buyer "${buyer}" is neither the B/L consignee "${consignee}" (or the party a to-order B/L is made out to) nor the notify party "${notify}": the goods may be delivered to someone else.`,
        evidence: [fieldEvidence(r.invoice, 'buyer', 'Buyer'), fieldEvidence(bl, 'consignee', 'Consignee'), fieldEvidence(bl, 'notify_party', 'Notify party')],
      });
    }
    return out ?? NONE;
  },
};

// Evidence builders live at module level: a closure per call costs on the clean path too.
const goodsEvidence = (r: ReceivableFacts, bl: DocumentFacts): Evidence[] => [fieldEvidence(r.invoice, 'goods_description', 'Invoice goods'), fieldEvidence(bl, 'goods_description', 'B/L goods')];

export const goodsDescription: ReceivableRule = {
  id: 'consistency.goods_description',
  title: 'Goods description corresponds',
  category: 'document_consistency',
  reference: 'UCP 600 art. 14(d), 14(e)',
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    const invoiceGoods = textOf(r.invoice, 'goods_description');
    if (!invoiceGoods) {
      return r.bls.length === 0 ? NONE : [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not compare the goods with the B/L: the invoice goods description was not read.', evidence: [fieldEvidence(r.invoice, 'goods_description', 'Invoice goods')] }];
    }
    const { commodityOf } = policyIndex(ctx.policy);
    const invoiceCommodity = commodityOf(invoiceGoods);
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      const blGoods = textOf(bl, 'goods_description');
      if (!blGoods) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'info', message: `Could not compare the goods with ${bl.fileName}: its goods description was not read.`, evidence: goodsEvidence(r, bl) });
        continue;
      }
      const blCommodity = commodityOf(blGoods);
      if (invoiceCommodity !== null && blCommodity !== null) {
        if (invoiceCommodity === blCommodity) continue;
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'fail', message: `The invoice describes ${invoiceCommodity} ("${invoiceGoods}") but the B/L ${blCommodity} ("${blGoods}"): the descriptions conflict (UCP 600 art. 14(d)).`, evidence: goodsEvidence(r, bl) });
        continue;
      }
      const invoiceWords = keyWords(invoiceGoods);
      const blWords = keyWords(blGoods);
      let shared = 0;
      for (const word of invoiceWords) if (blWords.has(word)) shared += 1;
      const share = invoiceWords.size === 0 ? 100 : (shared / invoiceWords.size) * 100;
      // UCP 600 art. 14(e): the B/L may describe the goods in general terms; all its words on the invoice is enough.
      let general = blWords.size > 0;
      for (const word of blWords) if (!invoiceWords.has(word)) general = false;
      if (share >= ctx.policy.documents.goodsMatchMinPct || general) continue;
      (out ??= []).push({
        receivableId: r.id,
        key: bl.documentId,
        message: `Only ${shared} of ${invoiceWords.size} key words of the invoice's goods ("${invoiceGoods}") appear on the B/L ("${blGoods}"): ${fmtPct(share)}, below the ${fmtPct(ctx.policy.documents.goodsMatchMinPct)} the policy asks for.`,
        evidence: goodsEvidence(r, bl),
      });
    }
    return out ?? NONE;
  },
};

const quantityEvidence = (r: ReceivableFacts): Evidence[] => [fieldEvidence(r.invoice, 'quantity', 'Invoiced quantity'), ...r.bls.map((bl) => fieldEvidence(bl, 'quantity', 'B/L quantity'))];

/** Built only for a finding: "119,600 KG = 119.6 MT", or the sum of several B/Ls. */
const describeBlQuantity = (r: ReceivableFacts, blTotal: number, u: string): string => {
  const total = `${fmtQty(blTotal)} ${u}`;
  const shown = r.bls.map((bl) => {
    const [q, bu] = blQuantity(bl, u);
    return `${fmtQty(q ?? 0)} ${canonicalUnit(bu ?? '')}`;
  });
  return shown.length === 1 && shown[0] === total ? total : `${shown.join(' + ')} = ${total}`;
};

/**
 * What a B/L says was shipped, in the terms of the invoice's unit: its quantity, else its net weight
 * for goods sold by weight, else its package count for goods sold by the piece or bag.
 */
function blQuantity(bl: DocumentFacts, invoiceUnit: string): [number | null, string | null] {
  const q = numberOf(bl, 'quantity');
  const u = textOf(bl, 'quantity_unit');
  // The B/L's quantity when it converts to the invoice's unit (879 BAGS do not convert to MT: its
  // net weight does).
  if (q !== null && u !== null && (convertQuantity(q, u, invoiceUnit) !== null || (!isWeightUnit(invoiceUnit) && !isCountUnit(invoiceUnit)))) return [q, u];
  if (isWeightUnit(invoiceUnit)) {
    const net = numberOf(bl, 'net_weight_kg');
    if (net !== null) return [net, 'KG'];
  } else if (isCountUnit(invoiceUnit)) {
    const packages = numberOf(bl, 'packages');
    const packageUnit = textOf(bl, 'package_unit');
    if (packages !== null && packageUnit !== null && canonicalUnit(packageUnit) === canonicalUnit(invoiceUnit)) return [packages, packageUnit];
  }
  return q !== null && u !== null ? [q, u] : [null, null];
}

/** What the B/Ls weigh in kilograms (net weight, else a quantity in a weight unit), or null. */
function blNetKg(r: ReceivableFacts): number | null {
  let total = 0;
  for (const bl of r.bls) {
    const q = numberOf(bl, 'quantity');
    const u = textOf(bl, 'quantity_unit');
    const kg = numberOf(bl, 'net_weight_kg') ?? (q !== null && u !== null && isWeightUnit(u) ? convertQuantity(q, u, 'KG') : null);
    if (kg === null) return null;
    total += kg;
  }
  return total;
}

/**
 * An invoice quantity whose unit was not read, against the B/Ls' net weight read as kilograms or as
 * tonnes, whichever is nearer. Never a fail (the unit is a guess): within tolerance it is an info;
 * off by up to a quarter it is a warn to confirm the unit and the figures; further off, the
 * quantities are too far apart for either reading to be the invoice's, and it says so as an info.
 */
function unitlessQuantity(r: ReceivableFacts, qty: number, tolerance: number): FindingDraft[] {
  const kg = blNetKg(r);
  if (kg === null || kg <= 0) {
    return [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not compare quantities: the invoice quantity unit was not read, and no B/L net weight either.', evidence: quantityEvidence(r) }];
  }
  const readings = [
    { unit: 'KG', diffPct: ((kg - qty) / qty) * 100 },
    { unit: 'MT', diffPct: ((kg / 1000 - qty) / qty) * 100 },
  ];
  const best = Math.abs(readings[0]!.diffPct) <= Math.abs(readings[1]!.diffPct) ? readings[0]! : readings[1]!;
  const blText = best.unit === 'KG' ? `${fmtQty(kg)} KG` : `${fmtQty(kg / 1000)} MT`;
  if (Math.abs(best.diffPct) <= tolerance + 1e-9) {
    return [{ receivableId: r.id, key: '', severity: 'info', message: `The invoice quantity's unit was not read; read as ${best.unit}, ${fmtQty(qty)} agrees with the B/L net weight ${blText} (within ±${tolerance} %). Confirm the unit.`, evidence: quantityEvidence(r) }];
  }
  if (Math.abs(best.diffPct) <= 25) {
    return [{ receivableId: r.id, key: '', severity: 'warn', message: `The invoice quantity's unit was not read; read as ${best.unit}, the B/L net weight ${blText} is ${fmtPct(best.diffPct, true)} against ${fmtQty(qty)} invoiced, outside ±${tolerance} % (UCP 600 art. 30(b)). Confirm the unit and both figures.`, evidence: quantityEvidence(r) }];
  }
  return [{ receivableId: r.id, key: '', severity: 'info', message: `Could not compare quantities: the invoice quantity unit was not read, and ${fmtQty(qty)} matches the B/L net weight (${fmtQty(kg)} KG) neither as kilograms nor as tonnes.`, evidence: quantityEvidence(r) }];
}

/**
 * A B/L whose net quantity was not read but whose gross weight was: goods weigh at most their gross
 * weight, so a gross weight below the invoiced weight means less was shipped than invoiced (by at
 * least that much). Not a `fail` — the net weight that decides was not read — but a `warn` to read it.
 * Only for an invoice sold by weight and a single B/L.
 */
function grossBelowInvoiced(r: ReceivableFacts, bl: DocumentFacts, qty: number, unit: string): FindingDraft | null {
  const gross = numberOf(bl, 'gross_weight_kg');
  const invoicedKg = isWeightUnit(unit) ? convertQuantity(qty, unit, 'KG') : null;
  if (r.bls.length !== 1 || gross === null || gross <= 0 || invoicedKg === null || gross >= invoicedKg) return null;
  const diffPct = ((gross - invoicedKg) / invoicedKg) * 100;
  return {
    receivableId: r.id,
    key: bl.documentId,
    severity: 'warn',
    message: `${bl.fileName} states no net weight that was read, and its gross weight, ${fmtQty(gross)} KG, is already ${fmtPct(diffPct, true)} below the ${fmtQty(invoicedKg)} KG invoiced: the goods shipped weigh less than invoiced. Read the net weight on the B/L and compare.${slipNote(r)}`,
    evidence: [...quantityEvidence(r), fieldEvidence(bl, 'gross_weight_kg', 'Gross weight')],
  };
}

/** A package unit as printed either way ('DRUMS', 'DRUM'). */
const packageKind = (unit: string): string => canonicalUnit(unit).replace(/S$/, '');

/**
 * A B/L whose net quantity could not be compared, against what the invoice's shipping block counts
 * and weighs: the same packages (counted units must match exactly, UCP 600 art. 30(b)) and the same
 * gross weight within the quantity tolerance. A shortfall there is a `warn` — the net quantity that
 * decides was not compared — for a person to read it. Only for a single B/L.
 */
function shippingBlockShort(r: ReceivableFacts, bl: DocumentFacts, tolerance: number): FindingDraft | null {
  if (r.bls.length !== 1) return null;
  const [invoiced, shipped] = [numberOf(r.invoice, 'packages'), numberOf(bl, 'packages')];
  const [invoicedUnit, shippedUnit] = [textOf(r.invoice, 'package_unit'), textOf(bl, 'package_unit')];
  const evidence = (field: 'packages' | 'gross_weight_kg', label: string): Evidence[] => [fieldEvidence(r.invoice, field, `Invoice ${label}`), fieldEvidence(bl, field, `B/L ${label}`)];
  if (invoiced !== null && shipped !== null && invoiced > 0 && invoicedUnit !== null && shippedUnit !== null && packageKind(invoicedUnit) === packageKind(shippedUnit) && invoiced !== shipped) {
    const u = canonicalUnit(invoicedUnit);
    return {
      receivableId: r.id,
      key: bl.documentId,
      severity: 'warn',
      message: `${bl.fileName} counts ${fmtQty(shipped)} ${u} where the invoice's shipping details count ${fmtQty(invoiced)} ${u}: counted packages must match exactly (UCP 600 art. 30(b)). No net quantity on the B/L was compared: read it and compare.`,
      evidence: evidence('packages', 'packages'),
    };
  }
  const [invoicedGross, shippedGross] = [numberOf(r.invoice, 'gross_weight_kg'), numberOf(bl, 'gross_weight_kg')];
  if (invoicedGross === null || shippedGross === null || invoicedGross <= 0) return null;
  const diffPct = ((shippedGross - invoicedGross) / invoicedGross) * 100;
  if (Math.abs(diffPct) <= tolerance + 1e-9) return null;
  return {
    receivableId: r.id,
    key: bl.documentId,
    severity: 'warn',
    message: `${bl.fileName}'s gross weight, ${fmtQty(shippedGross)} KG, is ${fmtPct(diffPct, true)} against the ${fmtQty(invoicedGross)} KG gross the invoice's shipping details state, outside ±${tolerance} %. No net quantity on the B/L was compared: read it and compare.`,
    evidence: evidence('gross_weight_kg', 'gross weight'),
  };
}

/**
 * What a B/L whose quantity could not be compared did state, for the message: its package count, and
 * its gross weight with what it shows (at or above a weight invoiced, it cannot show a shortfall).
 */
function blReadings(bl: DocumentFacts, qty: number, unit: string): string {
  const parts: string[] = [];
  const packages = numberOf(bl, 'packages');
  if (packages !== null) parts.push(`${fmtQty(packages)} ${textOf(bl, 'package_unit') ?? 'packages'}`);
  const gross = numberOf(bl, 'gross_weight_kg');
  const invoicedKg = isWeightUnit(unit) ? convertQuantity(qty, unit, 'KG') : null;
  if (gross !== null) parts.push(`a gross weight of ${fmtQty(gross)} KG${invoicedKg !== null && gross >= invoicedKg ? ', not below the weight invoiced, so it shows no shortfall by itself' : ''}`);
  const net = parts.length ? `: it states ${parts.join(' and ')}` : ' (nor a net weight or package count)';
  return `${net}${parts.length ? '. Read its net weight or quantity on the B/L to compare' : ''}`;
}

/** A quantity that may have lost its decimal separator on a scan is a reading to confirm, not a mismatch. */
const slipped = (r: ReceivableFacts): { severity?: 'warn' } => (r.derived.decimalSlip !== null ? { severity: 'warn' } : {});

export const quantityTolerance: ReceivableRule = {
  id: 'consistency.quantity_tolerance',
  title: 'B/L quantity within tolerance',
  category: 'document_consistency',
  reference: 'UCP 600 art. 30(b)',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const qty = numberOf(r.invoice, 'quantity');
    const unit = textOf(r.invoice, 'quantity_unit');
    if (r.bls.length === 0) return NONE;
    if (qty !== null && qty > 0 && unit === null) return unitlessQuantity(r, qty, ctx.policy.documents.quantityTolerancePct);
    if (qty === null || unit === null || qty <= 0) {
      const short = r.bls[0] ? shippingBlockShort(r, r.bls[0], ctx.policy.documents.quantityTolerancePct) : null;
      if (short) return [short];
      return [{ receivableId: r.id, key: '', severity: 'info', message: `Could not compare quantities: the invoice ${qty === null ? 'quantity' : 'quantity unit'} was not read.`, evidence: quantityEvidence(r) }];
    }
    let blTotal = 0;
    const u = canonicalUnit(unit);
    for (const bl of r.bls) {
      const [q, bu] = blQuantity(bl, unit);
      if (q === null || bu === null) {
        const short = grossBelowInvoiced(r, bl, qty, unit) ?? shippingBlockShort(r, bl, ctx.policy.documents.quantityTolerancePct);
        if (short) return [short];
        return [{ receivableId: r.id, key: bl.documentId, severity: 'info', message: `Could not compare quantities: ${bl.fileName} states no quantity that was read in a unit that compares with the ${fmtQty(qty)} ${canonicalUnit(unit)} invoiced${blReadings(bl, qty, unit)}.`, evidence: quantityEvidence(r) }];
      }
      const converted = convertQuantity(q, bu, unit);
      if (converted === null) {
        // Bags against tonnes: the gross weight may still show the goods weigh less than invoiced.
        const short = grossBelowInvoiced(r, bl, qty, unit) ?? shippingBlockShort(r, bl, ctx.policy.documents.quantityTolerancePct);
        if (short) return [short];
        return [{ receivableId: r.id, key: bl.documentId, severity: 'info', message: `The B/L states ${fmtQty(q)} ${canonicalUnit(bu)} and the invoice ${fmtQty(qty)} ${u}; these units do not convert, so the quantities could not be compared.`, evidence: quantityEvidence(r) }];
      }
      blTotal += converted;
    }
    const diffPct = ((blTotal - qty) / qty) * 100;
    if (isCountUnit(unit)) {
      if (Math.abs(blTotal - qty) < 1e-9) return NONE;
      const blText = describeBlQuantity(r, blTotal, u);
      return [{ receivableId: r.id, key: '', ...slipped(r), message: `B/L ${blText} vs ${fmtQty(qty)} ${u} invoiced: counted units must match exactly; the ±${ctx.policy.documents.quantityTolerancePct} % bulk tolerance does not apply to bags or pieces (UCP 600 art. 30(b)).${slipNote(r)}`, evidence: quantityEvidence(r) }];
    }
    const tolerance = ctx.policy.documents.quantityTolerancePct;
    // A hair of slack so that exactly 5.0 % after unit conversion is still inside.
    if (Math.abs(diffPct) <= tolerance + 1e-9) return NONE;
    const label = isWeightUnit(unit) ? 'net weight ' : 'quantity ';
    const blText = describeBlQuantity(r, blTotal, u);
    return [{ receivableId: r.id, key: '', ...slipped(r), message: `B/L ${label}${blText} vs ${fmtQty(qty)} ${u} invoiced: ${fmtPct(diffPct, true)}, outside ±${tolerance} % (UCP 600 art. 30(b)).${slipNote(r)}`, evidence: quantityEvidence(r) }];
  },
};

const weightEvidence = (bl: DocumentFacts, netDoc: DocumentFacts): Evidence[] => [fieldEvidence(bl, 'gross_weight_kg', 'Gross weight'), fieldEvidence(netDoc, 'quantity', 'Net quantity')];

export const grossWeight: ReceivableRule = {
  id: 'consistency.gross_weight',
  title: 'Gross weight fits the net quantity',
  category: 'document_consistency',
  reference: null,
  severity: 'warn',
  scope: 'receivable',
  check: (r, ctx) => {
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      const gross = numberOf(bl, 'gross_weight_kg');
      if (gross === null) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'info', message: `Could not weigh the gross against the net: ${bl.fileName}'s gross weight was not read.`, evidence: [fieldEvidence(bl, 'gross_weight_kg', 'Gross weight')] });
        continue;
      }
      // Net weight: the B/L's own weight figure, else the invoice's when it is a weight.
      let net: number | null = null;
      let netDoc = bl;
      const q = numberOf(bl, 'quantity');
      const u = textOf(bl, 'quantity_unit');
      if (q !== null && u !== null && isWeightUnit(u)) net = convertQuantity(q, u, 'KG');
      if (net === null) net = numberOf(bl, 'net_weight_kg');
      if (net === null && r.bls.length === 1) {
        const iq = numberOf(r.invoice, 'quantity');
        const iu = textOf(r.invoice, 'quantity_unit');
        if (iq !== null && iu !== null && isWeightUnit(iu)) {
          net = convertQuantity(iq, iu, 'KG');
          netDoc = r.invoice;
        }
      }
      if (net === null || net <= 0) continue;
      if (gross + 1e-6 < net) {
        // Less than half the net is no packaging story but a figure read wrong (a '1' for '16,070'):
        // a reading to confirm; a gross a little under the net is a document that cannot be right.
        const misread = gross < net * 0.5;
        (out ??= []).push({
          receivableId: r.id,
          key: bl.documentId,
          severity: misread ? 'warn' : 'fail',
          message: misread
            ? `Gross weight read as ${fmtQty(gross)} KG, less than half the net ${fmtQty(net)} KG: one of the figures was likely misread — confirm both on the B/L.`
            : `Gross weight ${fmtQty(gross)} KG is less than the net ${fmtQty(net)} KG: the figures cannot both be right.`,
          evidence: weightEvidence(bl, netDoc),
        });
        continue;
      }
      const tarePct = ((gross - net) / net) * 100;
      if (tarePct > ctx.policy.documents.maxTarePct) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, message: `Gross weight ${fmtQty(gross)} KG is ${fmtPct(tarePct)} above the net ${fmtQty(net)} KG; packaging rarely exceeds ${fmtPct(ctx.policy.documents.maxTarePct)} (policy).`, evidence: weightEvidence(bl, netDoc) });
      }
    }
    return out ?? NONE;
  },
};

const shipmentEvidence = (r: ReceivableFacts, bl: DocumentFacts): Evidence[] => [fieldEvidence(bl, 'shipped_on_board_date', 'Shipped on board'), fieldEvidence(r.invoice, 'issue_date', 'Invoice date')];

export const shipmentDate: ReceivableRule = {
  id: 'consistency.shipment_date',
  title: 'Shipped-on-board date present and plausible',
  category: 'document_consistency',
  reference: 'UCP 600 art. 20(a)(ii)',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    if (r.bls.length === 0) return NONE;
    let out: FindingDraft[] | null = null;
    const { issueDay: issue, printedDueDay: due } = derivedOf(r);
    const { maxDaysShipmentBeforeInvoice, maxDaysShipmentAfterInvoice } = ctx.policy.documents;
    const asOf = contextIndex(ctx).asOfDay;
    for (const bl of r.bls) {
      const shipped = dayOf(bl, 'shipped_on_board_date');
      if (shipped === null) {
        const notation = bl.signals.onBoardNotation;
        (out ??= []).push(
          notation
            ? { receivableId: r.id, key: bl.documentId, severity: 'warn', message: `The B/L carries on-board wording ("${notation.text}") but no shipped-on-board date was read; confirm the date.`, evidence: [hitEvidence(bl, notation, 'On-board notation'), fieldEvidence(bl, 'shipped_on_board_date', 'Shipped on board')] }
            : bl.signals.ocr
              ? // On a scan, wording not read may still be printed (a rotated stamp, a faint date).
                { receivableId: r.id, key: bl.documentId, severity: 'warn', message: `No shipped-on-board date or on-board notation was read on this scanned B/L: confirm on the document that it was shipped on board, and enter the date (UCP 600 art. 20(a)(ii)).`, evidence: [documentEvidence(bl, 'B/L'), fieldEvidence(bl, 'shipped_on_board_date', 'Shipped on board')] }
              : { receivableId: r.id, key: bl.documentId, message: `The B/L shows no shipped-on-board date or on-board notation: it does not evidence shipment (UCP 600 art. 20(a)(ii)).`, evidence: [documentEvidence(bl, 'B/L'), fieldEvidence(bl, 'shipped_on_board_date', 'Shipped on board')] },
        );
        continue;
      }
      if (due !== null && shipped > due) {
        const doubt = dueDateInDoubt(r);
        (out ??= []).push({
          receivableId: r.id,
          key: bl.documentId,
          ...(doubt ? { severity: 'warn' as const } : {}),
          message: doubt
            ? `Shipped on board ${isoFromDay(shipped)}, after the due date read on the invoice, ${isoFromDay(due)} — a due date that falls before the invoice date ${isoFromDay(issue ?? due)}, so likely misread on this scan. Confirm the due date.`
            : `Shipped on board ${isoFromDay(shipped)}, after the invoice's due date ${isoFromDay(due)}: payment would fall due before the goods left.`,
          evidence: [...shipmentEvidence(r, bl), fieldEvidence(r.invoice, 'due_date', 'Due date')],
        });
        continue;
      }
      if (issue !== null) {
        const before = issue - shipped;
        if (before > maxDaysShipmentBeforeInvoice) {
          (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'warn', message: `Shipped on board ${isoFromDay(shipped)}, ${before} days before the invoice date ${isoFromDay(issue)}; the policy allows ${maxDaysShipmentBeforeInvoice} (stale shipment).`, evidence: shipmentEvidence(r, bl) });
          continue;
        }
        if (-before > maxDaysShipmentAfterInvoice) {
          (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'warn', message: `Shipped on board ${isoFromDay(shipped)}, ${-before} days after the invoice date ${isoFromDay(issue)}; the policy allows ${maxDaysShipmentAfterInvoice}: the invoice preceded the shipment.`, evidence: shipmentEvidence(r, bl) });
          continue;
        }
      }
      if (asOf !== null && shipped > asOf) {
        (out ??= []).push({ receivableId: r.id, key: bl.documentId, severity: 'warn', message: `Shipped-on-board date ${isoFromDay(shipped)} is after the evaluation date ${isoFromDay(asOf)}.`, evidence: shipmentEvidence(r, bl) });
      }
    }
    return out ?? NONE;
  },
};

export const ports: ReceivableRule = {
  id: 'consistency.ports',
  title: 'Ports of loading and discharge stated',
  category: 'document_consistency',
  reference: 'UCP 600 art. 20(a)(iii)',
  severity: 'warn',
  scope: 'receivable',
  check: (r) => {
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      const loading = textOf(bl, 'port_of_loading') !== null;
      const discharge = textOf(bl, 'port_of_discharge') !== null;
      if (loading && discharge) continue;
      const missing = [loading ? null : 'port of loading', discharge ? null : 'port of discharge'].filter((x): x is string => x !== null);
      (out ??= []).push({ receivableId: r.id, key: bl.documentId, message: `The B/L ${bl.fileName} states no ${missing.join(' and no ')}.`, evidence: [fieldEvidence(bl, 'port_of_loading', 'Port of loading'), fieldEvidence(bl, 'port_of_discharge', 'Port of discharge')] });
    }
    return out ?? NONE;
  },
};

/**
 * The vessel an export invoice names against the B/L's: the same shipment is carried by one ship
 * (a B/L may add a feeder, but it names the ocean vessel). Names compared as linking does — prefixes
 * and voyages dropped, a misread letter forgiven — and another ship is only one whose name shares no
 * word with the invoice's. A warn: the invoice may name the ship booked before a substitution.
 */
export const vessel: ReceivableRule = {
  id: 'consistency.vessel',
  title: "Invoice names the B/L's vessel",
  category: 'document_consistency',
  reference: 'UCP 600 art. 14(d)',
  severity: 'warn',
  scope: 'receivable',
  check: (r) => {
    const named = textOf(r.invoice, 'vessel');
    if (!named) return NONE;
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      const carried = textOf(bl, 'vessel');
      if (!carried || vesselRelation(named, carried) !== 'different') continue;
      (out ??= []).push({
        receivableId: r.id,
        key: bl.documentId,
        message: `The invoice names the vessel "${named}"; the B/L ${bl.fileName} ships on "${carried}". Documents of one shipment must not conflict: check that this B/L carries the invoiced goods.`,
        evidence: [fieldEvidence(r.invoice, 'vessel', 'Invoice vessel'), fieldEvidence(bl, 'vessel', 'B/L vessel')],
      });
    }
    return out ?? NONE;
  },
};

export const blNumberCited: ReceivableRule = {
  id: 'consistency.bl_number',
  title: 'B/L number on the invoice is the linked B/L',
  category: 'document_consistency',
  reference: 'UCP 600 art. 14(d)',
  severity: 'fail',
  scope: 'receivable',
  check: (r) => {
    // The number itself, without the words an OCR reading ran into it ('CRESCENT DAWN VOY.UL846N PCSU…').
    const cited = citedNumber(textOf(r.invoice, 'bl_number'));
    if (r.bls.length === 0) return NONE;
    if (!cited) return [{ receivableId: r.id, key: '', severity: 'info', message: 'Could not check that the invoice cites the linked B/L: no B/L number was read on the invoice.', evidence: [fieldEvidence(r.invoice, 'bl_number', 'B/L cited')] }];
    // The common case first: the invoice cites the linked B/L's number as printed.
    if (r.bls.length === 1 && textOf(r.bls[0], 'bl_number') === cited) return NONE;
    const wanted = compactId(cited);
    const numbers: string[] = [];
    for (const bl of r.bls) {
      const n = textOf(bl, 'bl_number');
      if (n === null) continue;
      if (compactId(n) === wanted) return NONE;
      numbers.push(n);
    }
    if (numbers.length === 0) return [{ receivableId: r.id, key: '', severity: 'info', message: `Could not check that the invoice's B/L ${cited} is the linked one: no number was read on the linked B/L.`, evidence: r.bls.map((bl) => fieldEvidence(bl, 'bl_number', 'Linked B/L')) }];
    const evidence = [fieldEvidence(r.invoice, 'bl_number', 'B/L cited'), ...r.bls.map((bl) => fieldEvidence(bl, 'bl_number', 'Linked B/L'))];
    // A reading that cannot be a B/L number (a year, a page number read in the box), or one that
    // differs only by characters OCR confuses, is a reading to confirm, not proof of another B/L.
    if (numbers.every((n) => !plausibleBlNumber(n))) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `The invoice cites B/L ${cited}; the linked B/L's number was read as ${numbers.join(', ')}, which cannot be a B/L number: confirm it on the B/L.`, evidence }];
    }
    // Nor is a reading on the invoice that cannot be one (a voyage, 'V.159W', read in the number's box).
    if (!plausibleBlNumber(cited)) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `The B/L number on the invoice was read as ${cited}, which cannot be a B/L number (the linked B/L is ${numbers.join(', ')}): confirm what the invoice cites.`, evidence }];
    }
    if (numbers.some((n) => compareBlNumbers(cited, n) === 'ocr')) {
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `The invoice cites B/L ${cited}; the linked B/L reads ${numbers.join(', ')}, the same but for characters OCR confuses: confirm both.`, evidence }];
    }
    const near = numbers.find((n) => compareBlNumbers(cited, n) === 'near');
    if (near !== undefined) {
      const [c, n] = [compactId(cited), compactId(near)];
      const how =
        c.length === n.length
          ? 'the same but for letters read where the other reads digits'
          : c.length + 1 < n.length || n.length + 1 < c.length
            ? 'of which one is only the beginning (the rest was not read)'
            : 'the same but for a doubled character read once';
      return [{ receivableId: r.id, key: '', severity: 'warn', message: `The invoice cites B/L ${cited}; the linked B/L reads ${numbers.join(', ')}, ${how}: confirm both.`, evidence }];
    }
    return [{ receivableId: r.id, key: '', message: `The invoice cites B/L ${cited}, but the linked B/L${numbers.length > 1 ? 's are' : ' is'} ${numbers.join(', ')}.`, evidence }];
  },
};

export const cleanBl: ReceivableRule = {
  id: 'consistency.clean_bl',
  title: 'Clean bill of lading',
  category: 'document_consistency',
  reference: 'UCP 600 art. 27',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    let out: FindingDraft[] | null = null;
    for (const bl of r.bls) {
      if (bl.signals.clauses.length === 0) continue;
      // Defect words read only a letter off on a scan: a clause to confirm, not one read.
      const unsure = bl.signals.clauses.every((c) => c.unsure === true);
      (out ??= []).push({
        receivableId: r.id,
        key: bl.documentId,
        ...(unsure ? { severity: 'warn' as const } : {}),
        message: unsure
          ? `The B/L may be claused: ${bl.signals.clauses.map((c) => `"${c.text}"`).join(', ')} reads, on a scan, a letter off words that declare defective goods or packaging. Confirm the remarks on the page: a claused B/L is not a clean transport document (UCP 600 art. 27; ${ctx.policy.isbpEdition} para. E20).`
          : `The B/L is claused: ${bl.signals.clauses.map((c) => `"${c.text}"`).join(', ')} declares defective goods or packaging, so it is not a clean transport document (UCP 600 art. 27; ${ctx.policy.isbpEdition} para. E20).`,
        evidence: bl.signals.clauses.map((c) => hitEvidence(bl, c, 'Clause')),
      });
    }
    return out ?? NONE;
  },
};

export const proForma: ReceivableRule = {
  id: 'consistency.pro_forma',
  title: 'Invoice is not a pro-forma',
  category: 'document_consistency',
  reference: 'UCP 600 art. 18; ISBP para. C1',
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const hit = r.invoice.signals.proForma;
    if (!hit) return NONE;
    return [{ receivableId: r.id, key: '', message: `The invoice is titled "${hit.text}": a pro-forma is an offer, not a claim for payment, so there is no receivable to finance (${ctx.policy.isbpEdition} para. C1).`, evidence: [hitEvidence(r.invoice, hit, 'Title'), fieldEvidence(r.invoice, 'invoice_number', 'Invoice number')] }];
  },
};

export const blLinked: ReceivableRule = {
  id: 'consistency.bl_linked',
  title: 'A bill of lading is linked',
  category: 'document_consistency',
  reference: 'UCP 600 art. 20',
  severity: 'warn',
  scope: 'receivable',
  check: (r) => {
    if (r.bls.length > 0) return NONE;
    const cited = textOf(r.invoice, 'bl_number');
    return [{ receivableId: r.id, key: '', message: cited ? `No bill of lading is linked; the invoice cites B/L ${cited}, which is not among the documents.` : 'No bill of lading is linked, so shipment of the goods is not evidenced.', evidence: [cited ? fieldEvidence(r.invoice, 'bl_number', 'B/L cited') : documentEvidence(r.invoice, 'Invoice')] }];
  },
};

/**
 * A party matched only through a name the invoice prints without its legal form ('Flandria Import',
 * the registered 'Flandria Import NV'), while the linked B/L names it with another form ('FLANDRIA
 * IMPORT SA'): the same name with another form is another company, so the match is in doubt — a warn
 * to confirm which company it is. Null when there is none.
 */
function formClashes(r: ReceivableFacts, ctx: CheckContext): FindingDraft[] | null {
  let out: FindingDraft[] | null = null;
  const sides = [
    { field: 'seller', on: 'shipper', id: r.supplierId, parties: ctx.suppliers, kind: 'supplier' },
    { field: 'buyer', on: 'consignee', id: r.buyerId, parties: ctx.buyers, kind: 'buyer' },
  ] as const;
  for (const { field, on, id, parties, kind } of sides) {
    if (id === null) continue;
    const name = textOf(r.invoice, field);
    const party = parties.get(id);
    if (!name || !party) continue;
    for (const bl of r.bls) {
      // Most B/Ls print the party as the invoice does (case aside): nothing to weigh, and this runs
      // on every receivable, so the legal forms are worked out only where the two differ.
      const printed = textOf(bl, on);
      if (!printed || asciiCaseEqual(printed, name) !== 0 || normalizedName(printed) !== normalizedName(name) || legalFormOf(name) !== null) continue;
      const form = legalFormOf(printed);
      const registeredForm = legalFormOf(party.legalName);
      if (form === null || registeredForm === null || form === registeredForm) continue;
      // Registered as it is printed there too (an alias with that form): the same company.
      if ([party.legalName, ...party.aliases].some((n) => foldPartyName(n) === foldPartyName(printed))) continue;
      (out ??= []).push({
        receivableId: r.id,
        key: field,
        severity: 'warn',
        message: `The invoice prints the ${field} as "${name}", with no legal form, which was matched to the registered ${kind} "${party.legalName}"; but the B/L's ${on} "${printed}" names another legal form, and the same name with another form is another company. Confirm which company the invoice names.`,
        evidence: [fieldEvidence(r.invoice, field, field === 'seller' ? 'Seller' : 'Buyer'), fieldEvidence(bl, on, on === 'shipper' ? 'Shipper' : 'Consignee')],
      });
      break;
    }
  }
  return out;
}

export const partiesKnown: ReceivableRule = {
  id: 'consistency.parties_known',
  title: 'Seller and buyer are known counterparties',
  category: 'document_consistency',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const clashes = formClashes(r, ctx);
    if (r.supplierId !== null && r.buyerId !== null) return clashes ?? NONE;
    const out: FindingDraft[] = clashes ?? [];
    const judge = (field: 'seller' | 'buyer', kind: string): void => {
      const name = textOf(r.invoice, field);
      const evidence = [fieldEvidence(r.invoice, field, field === 'seller' ? 'Seller' : 'Buyer')];
      if (!name) {
        out.push({ receivableId: r.id, key: field, severity: 'warn', message: `No ${field} was read on the invoice: confirm it on the document, so it can be matched to a ${kind}.`, evidence });
        return;
      }
      // Only a clear company name that is not ours is a fail; an address, a place or a fragment
      // taken for the name, or a bare word, asks a person to confirm what the invoice says.
      if (!isNameLine(name)) {
        out.push({ receivableId: r.id, key: field, severity: 'warn', message: `The ${field} was read as "${name}", which reads like an address or a fragment, not a name: confirm the ${field} on the document.`, evidence });
        return;
      }
      // The beginning or the end of a registered name: cut short, or its first words lost, in
      // reading — for a person to confirm.
      const registered: Iterable<{ id: string; legalName: string; aliases: readonly string[] }> = [...(field === 'seller' ? ctx.suppliers : ctx.buyers).values()];
      for (const [find, how, why] of [
        [namesBegunBy, 'begin', 'the name may have been cut short in reading'],
        [namesEndedBy, 'end', "the name's first words may have been lost in reading"],
        ...(r.invoice.signals.ocr === true ? ([[namesEndedWithForm, 'end', 'the first word of the name may have been lost on this scan']] as const) : []),
      ] as const) {
        const found = find(registered, name);
        if (found.length === 0) continue;
        const names = found.slice(0, 3).map((p) => `"${p.legalName}"`).join(', ');
        out.push({ receivableId: r.id, key: field, severity: 'warn', message: `The ${field} "${name}" matches no ${kind} exactly, but it is how ${names} ${how}${found.length === 1 ? 's' : ''}: ${why}. Confirm the ${field} on the document.`, evidence });
        return;
      }
      // The name of a registered party with another legal form: another company of that name.
      const parties: Iterable<{ legalName: string; aliases: readonly string[] }> = field === 'seller' ? ctx.suppliers.values() : ctx.buyers.values();
      const bare = normalizePartyName(name);
      const namesakes = [...parties].filter((p) => [p.legalName, ...p.aliases].some((n) => normalizePartyName(n) === bare));
      const namesake = namesakes[0];
      // Two registered parties of that name ('Garonne Négoce S.A.' and 'Garonne Négoce SA'): the
      // registry cannot tell which one is meant, which is for a person to settle, not a fail.
      if (namesakes.length > 1) {
        const names = namesakes.slice(0, 3).map((p) => `"${p.legalName}"`).join(', ');
        out.push({
          receivableId: r.id,
          key: field,
          severity: 'warn',
          message: `The ${field} "${name}" could be any of the registered ${kind}s ${names}, whose names differ only in their legal form as written. Confirm which company the invoice names, and merge them under Counterparties if they are one.`,
          evidence,
        });
        return;
      }
      if (namesake) {
        out.push({
          receivableId: r.id,
          key: field,
          message: `The ${field} "${name}" is not the registered ${kind} "${namesake.legalName}": the same name with another legal form is another company. Confirm which company the invoice names; if it is the registered one, add "${name}" as its alias under Counterparties.`,
          evidence,
        });
        return;
      }
      const legal = LEGAL_ENTITY_RE.test(name);
      out.push({
        receivableId: r.id,
        key: field,
        ...(legal ? {} : { severity: 'warn' as const }),
        message: `The ${field} "${name}" matches no ${kind} (legal name or alias)${legal ? '' : ' and carries no legal form that would make it a clear company name'}: add it or an alias under Counterparties${legal ? '' : ', or confirm the reading'}.`,
        evidence,
      });
    };
    if (r.supplierId === null) judge('seller', 'supplier');
    if (r.buyerId === null) judge('buyer', 'buyer');
    return out;
  },
};

export const CONSISTENCY_RULES = [sellerShipper, buyerConsignee, goodsDescription, quantityTolerance, grossWeight, shipmentDate, ports, vessel, blNumberCited, cleanBl, proForma, blLinked, partiesKnown] as const;
