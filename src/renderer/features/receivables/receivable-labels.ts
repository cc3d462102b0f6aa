import { CATEGORY_LABELS, STATUS_LABELS } from '../../../shared/checks';
import type { ReceivableStatus, ReceivableSummary, Severity } from '../../../shared/checks';

export { CATEGORY_LABELS, STATUS_LABELS };

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { fail: 'Fail', warn: 'Warning', info: 'Info' };

/** The verb on a status action's button. */
export const TRANSITION_LABELS: Readonly<Record<ReceivableStatus, string>> = {
  draft: 'Back to draft',
  checked: 'Back to checked',
  eligible: 'Mark eligible',
  ineligible: 'Mark ineligible',
  pooled: 'Mark pooled',
  repaid: 'Mark repaid',
  defaulted: 'Mark defaulted',
};

const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const QUANTITY = new Intl.NumberFormat('en-US', { maximumFractionDigits: 3 });

/** An amount in major units with grouped digits and two decimals: `103,455.00`. */
export const formatMoney = (amount: number): string => MONEY.format(amount);

/** A quantity as read, grouped: `12,500` or `24.75`. */
export const formatQuantity = (quantity: number): string => QUANTITY.format(quantity);

/** The supplier as the grid shows it: the matched counterparty, else the seller as printed. */
export const supplierOf = (row: ReceivableSummary): string => row.supplierName ?? row.sellerName ?? '';

/** The buyer as the grid shows it: the matched counterparty, else the buyer as printed. */
export const buyerOf = (row: ReceivableSummary): string => row.buyerCounterpartyName ?? row.buyerName ?? '';

/** The receivable's name in headings and links: its invoice number, or the invoice file. */
export const receivableTitle = (row: ReceivableSummary): string =>
  row.invoiceNumber ? `Invoice ${row.invoiceNumber}` : row.invoiceFileName;
