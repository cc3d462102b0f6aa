/** Price: the unit price against the commodity's reference band in the policy. */
import type { Evidence } from '../../../shared/checks';
import { fieldEvidence } from '../evidence';
import { currencyOf, numberOf, policyIndex, textOf } from '../facts';
import { fmtMoney, fmtQty } from '../format';
import { convert, describeRate } from '../fx';
import { canonicalUnit, convertQuantity } from '../units';
import type { FindingDraft, ReceivableFacts, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

const priceEvidence = (r: ReceivableFacts): Evidence[] => [fieldEvidence(r.invoice, 'unit_price', 'Unit price'), fieldEvidence(r.invoice, 'goods_description', 'Goods')];

export const referenceBand: ReceivableRule = {
  id: 'price.reference_band',
  title: 'Unit price within the reference band',
  category: 'price',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    const price = numberOf(r.invoice, 'unit_price');
    const unit = textOf(r.invoice, 'quantity_unit');
    const currency = currencyOf(r);
    const goods = textOf(r.invoice, 'goods_description');
    if (price === null || unit === null || currency === null || goods === null) {
      const unread = [price === null && 'unit price', unit === null && 'quantity unit', currency === null && 'currency', goods === null && 'goods description'].filter(Boolean).join(', ');
      return [{ receivableId: r.id, key: '', severity: 'info', message: `Could not compare the price with a reference band: ${unread} not read.`, evidence: priceEvidence(r) }];
    }
    const index = policyIndex(ctx.policy);
    const commodity = index.commodityOf(goods);
    if (commodity === null) return [{ receivableId: r.id, key: '', severity: 'info', message: `"${goods}" is none of the policy's commodities, so its price was not compared with a reference band.`, evidence: priceEvidence(r) }];
    // A band in the invoice currency, else one in another currency through the policy's rates.
    let bands = index.bandsOf(commodity, currency);
    let fxNote = '';
    let price0 = price;
    if (!bands) {
      const other = ctx.policy.priceBands.filter((b) => b.commodity === commodity);
      const target = other[0];
      if (!target) return [{ receivableId: r.id, key: '', severity: 'info', message: `The policy has no price band for ${commodity}.`, evidence: priceEvidence(r) }];
      const c = convert(ctx.policy.fx, price, currency, target.currency, ctx.asOf);
      if (!c.ok) return [{ receivableId: r.id, key: '', severity: 'warn', message: `No ${c.pair} exchange rate in the policy, so the ${currency} price could not be compared with the ${target.currency} band for ${commodity}: add the rate under Policy → Exchange rates.`, evidence: priceEvidence(r) }];
      bands = other.filter((b) => b.currency === target.currency);
      price0 = c.value;
      fxNote = ` (${fmtMoney(price, currency)} at ${describeRate(currency, target.currency, c)})`;
    }
    const bandCurrency = bands[0]?.currency ?? currency;
    for (const band of bands) {
      // Price per band unit = price per invoice unit × (invoice units per band unit).
      let perBand = convertQuantity(1, band.unit, unit);
      let approx = '';
      if (perBand === null) {
        // Bags or pieces: estimate the weight per unit from the B/L's gross weight (tare included).
        const gross = r.bls.length === 1 ? numberOf(r.bls[0], 'gross_weight_kg') : null;
        const qty = numberOf(r.invoice, 'quantity');
        const kgPerBand = convertQuantity(1, band.unit, 'KG');
        if (gross === null || qty === null || qty <= 0 || kgPerBand === null) continue;
        perBand = (qty / gross) * kgPerBand;
        approx = ` (≈ ${fmtQty(gross / qty)} KG per ${canonicalUnit(unit)} from the B/L gross weight)`;
      }
      const converted = price0 * perBand;
      if (converted >= band.min && converted <= band.max) return NONE;
      const shown = (canonicalUnit(unit) === band.unit ? fmtMoney(price0, bandCurrency) : `${fmtMoney(price0, bandCurrency)}/${canonicalUnit(unit)} = ${fmtMoney(converted, bandCurrency)}`) + fxNote;
      const above = converted > band.max;
      return [{
        receivableId: r.id,
        key: '',
        // Over-invoicing inflates the receivable; a low price is unusual but does not.
        severity: approx ? 'warn' : above ? 'fail' : 'warn',
        message: `Unit price ${shown} per ${band.unit}${approx} is ${above ? 'above' : 'below'} the ${commodity} band of ${fmtMoney(band.min, bandCurrency)}–${fmtMoney(band.max, bandCurrency)} per ${band.unit}.`,
        evidence: priceEvidence(r),
      }];
    }
    return [{ receivableId: r.id, key: '', severity: 'info', message: `The price per ${canonicalUnit(unit)} cannot be converted to the unit of the ${commodity} band.`, evidence: priceEvidence(r) }];
  },
};

export const PRICE_RULES = [referenceBand] as const;
