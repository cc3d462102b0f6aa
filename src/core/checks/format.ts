/** Number formatting for finding messages ("119,600 KG", "−8.0 %", "USD 5,156,250.00"). */

const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });
const PERCENT = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A quantity with thousands separators and up to three decimals. */
export const fmtQty = (n: number): string => QUANTITY.format(n);

/** A percentage with one decimal; `signed` adds + or − (U+2212). */
export const fmtPct = (n: number, signed = false): string => {
  const text = `${PERCENT.format(Math.abs(n))} %`;
  if (!signed) return n < 0 ? `−${text}` : text;
  return `${n < 0 ? '−' : '+'}${text}`;
};

/** An amount with its currency code. */
export const fmtMoney = (n: number, currency: string | null): string => `${currency ?? ''} ${MONEY.format(n)}`.trim();
