/**
 * EN 16931 e-invoices: UBL 2.1 (Peppol BIS 3, XRechnung UBL) and UN/CEFACT CII (Factur-X, ZUGFeRD 2.x,
 * XRechnung CII), read from a parsed XML tree into the canonical invoice fields, and joined with what
 * the pages of a hybrid PDF say. Pure: the backend parses the bytes.
 */
import { INVOICE_FIELDS } from '../../shared/documents';
import type { ExtractedField, Extraction, FieldName, PageReading, PageText } from '../../shared/documents';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { isCiiRoot, readCii } from './cii';
import type { EInvoiceReading } from './reading';
import { isUblRoot, readUbl } from './ubl';
import type { XmlMethod } from './values';
import type { XmlNode } from './xml-node';

export type { EInvoiceReading } from './reading';
export type { XmlMethod } from './values';
export type { XmlNode } from './xml-node';
export { specificationLabel } from './specification';

/** The e-invoice syntax of a root element, or null when it is none Quayside reads. */
export const einvoiceSyntax = (root: XmlNode): 'ubl' | 'cii' | null => (isUblRoot(root) ? 'ubl' : isCiiRoot(root) ? 'cii' : null);

const READS = 'Quayside reads EN 16931 e-invoices: UBL 2.1 Invoice and CreditNote (Peppol BIS 3, XRechnung) and UN/CEFACT Cross Industry Invoice (Factur-X, ZUGFeRD 2, XRechnung).';

/** What a root element is, said so that a person knows what they added. */
function describeRoot(root: XmlNode): string {
  const ubl = /^urn:oasis:names:specification:ubl:schema:xsd:(\w+)-2$/.exec(root.ns);
  if (ubl) return `a UBL ${ubl[1]} document, not an invoice or credit note`;
  if (root.ns === 'urn:ferd:CrossIndustryDocument:invoice:1p0') return 'a ZUGFeRD 1.0 invoice (CrossIndustryDocument), a format older than EN 16931; ask the sender for ZUGFeRD 2 / Factur-X';
  if (/^urn:un:unece:uncefact:data:standard:/.test(root.ns)) return `a UN/CEFACT ${root.name} message, not a Cross Industry Invoice`;
  return `XML whose root element is <${root.name}>${root.ns ? ` in namespace ${root.ns}` : ' without a namespace'}`;
}

/**
 * Reads an e-invoice's root element into the canonical fields (method `xml` for an XML file,
 * `embedded_xml` for the XML of a hybrid PDF), or says what else the XML is.
 */
export function readEInvoice(root: XmlNode, method: XmlMethod): Result<EInvoiceReading> {
  if (isUblRoot(root)) return ok(readUbl(root, method));
  if (isCiiRoot(root)) return ok(readCii(root, method));
  return err('DOCUMENT.UNSUPPORTED', `This is ${describeRoot(root)}. ${READS}`);
}

const PAGE_METHODS = new Set(['text_layer', 'ocr']);

/** What the page itself says for a field, when it was read on a page. */
function pageReadingOf(field: ExtractedField | undefined, pages: readonly Pick<PageText, 'n' | 'method'>[]): PageReading | null {
  if (!field || field.page === null) return null;
  // A known counterparty found on the page was read there all the same, by the page's own method.
  const method = PAGE_METHODS.has(field.method) ? field.method : field.method === 'counterparty' ? pages.find((p) => p.n === field.page)?.method : undefined;
  if (method !== 'text_layer' && method !== 'ocr') return null;
  return { value: field.value, raw: field.raw, confidence: field.confidence, page: field.page, bbox: field.bbox, method };
}

/**
 * A hybrid PDF's fields: the XML's values win (they are what a machine reads and what the sender's
 * system issued), each keeping what the page said for it as `pageReading`, so the checks can compare
 * the picture a person reads with the data a machine reads. Invoice fields only the page gives stay.
 */
export function joinWithPages(xml: EInvoiceReading, pageExtraction: Extraction, pages: readonly Pick<PageText, 'n' | 'method'>[]): Extraction {
  const fields: Partial<Record<FieldName, ExtractedField>> = {};
  for (const name of INVOICE_FIELDS) {
    const fromXml = xml.fields[name];
    const fromPage = pageExtraction.kind === 'invoice' ? pageExtraction.fields[name] : undefined;
    if (!fromXml) {
      if (fromPage) fields[name] = fromPage;
      continue;
    }
    const reading = pageReadingOf(fromPage, pages);
    fields[name] = reading ? { ...fromXml, pageReading: reading } : fromXml;
  }
  return { kind: 'invoice', kindScore: 1, fields };
}

/** An XML e-invoice file's extraction: an invoice, sure of its kind, with the XML's fields. */
export const xmlExtraction = (xml: EInvoiceReading): Extraction => ({ kind: 'invoice', kindScore: 1, fields: xml.fields });
