/**
 * Every language's vocabulary, merged: label dictionaries for the layout's label matcher, table
 * column names, and document titles for the classifier. Phrases are compared in a compact form
 * (lower case, accents folded, punctuation dropped), so one phrase covers its spellings.
 */
import { de } from './de';
import { en } from './en';
import { es } from './es';
import { fr } from './fr';
import { id } from './id';
import { it } from './it';
import { nl } from './nl';
import { pl } from './pl';
import { pt } from './pt';
import { tr } from './tr';
import type { ColumnKey, LabelKey, Language, PaperKind, Vocabulary } from './types';
import { vi } from './vi';
import { zh } from './zh';

/** English first: where two languages spell one phrase for different keys, English wins. */
export const VOCABULARIES: readonly Vocabulary[] = [en, de, fr, es, pt, it, nl, tr, pl, id, vi, zh];

export const vocabularyOf = (language: Language): Vocabulary => VOCABULARIES.find((v) => v.language === language)!;

/**
 * The label keys in priority order: when one phrase is listed under two keys (in two languages), the
 * earlier key wins. Specific keys come before generic ones ("invoice no. & date" before "invoice").
 */
export const LABEL_KEY_ORDER: readonly LabelKey[] = [
  'invoice_no_date', 'invoice_no', 'doc_no', 'invoice_date', 'date', 'due_date', 'currency', 'grand_total', 'amount_due', 'total', 'subtotal', 'tax', 'freight', 'insurance', 'discount',
  'handling', 'amount_paid', 'previous_balance', 'order_ref', 'seller', 'exporter', 'shipper', 'beneficiary', 'buyer', 'consignee', 'notify', 'ship_to', 'bl_no', 'bl_date', 'incoterms',
  'delivery_terms', 'iban', 'account_no', 'vessel_voyage', 'vessel', 'voyage', 'pol', 'pod', 'carrier', 'on_board_date', 'place_date_issue', 'gross_weight', 'net_weight', 'packages',
  'description', 'quantity', 'unit_price', 'other',
];

export const COLUMN_KEY_ORDER: readonly ColumnKey[] = ['description', 'quantity', 'unit', 'unit_price', 'amount', 'gross_weight', 'net_weight', 'measurement', 'packages', 'marks', 'hs', 'index'];

/** `key → phrases` of every language, in key order then language order. */
export function mergedEntries<K extends string>(keys: readonly K[], pick: (v: Vocabulary) => Partial<Record<K, readonly string[]>>): (readonly [K, readonly string[]])[] {
  return keys.map((key) => [key, VOCABULARIES.flatMap((v) => pick(v)[key] ?? [])] as const);
}

/** Document titles of every language per kind. */
export const TITLES_BY_KIND: Readonly<Record<PaperKind, readonly string[]>> = {
  invoice: VOCABULARIES.flatMap((v) => v.titles.invoice ?? []),
  bill_of_lading: VOCABULARIES.flatMap((v) => v.titles.bill_of_lading ?? []),
  other: VOCABULARIES.flatMap((v) => v.titles.other ?? []),
};
