/**
 * E-invoices in the stateless extract (`quayside extract`): an XML file gives its fields and no
 * pages; a hybrid PDF's extract takes its embedded XML's fields and keeps what the pages said.
 */
import { joinWithPages } from '../../core/einvoice';
import type { Extraction, PageText } from '../../shared/documents';
import { sha256Hex } from '../crypto/hash';
import type { ExtractJson } from '../intake/extract-file';
import { sniffFileType } from '../text/sniff';
import { readEInvoiceXml, readEmbeddedEInvoice } from './read-einvoice';
import type { EInvoiceFound } from './read-einvoice';

/** The extract of an XML e-invoice file, or null when the bytes are not XML (they are read as pages). */
export function extractXmlFile(bytes: Uint8Array, fileName: string): ExtractJson | null {
  if (sniffFileType(bytes) !== 'application/xml') return null;
  const base = { file: fileName, sha256: sha256Hex(bytes), pageRange: null, pages: [] };
  const read = readEInvoiceXml(bytes, 'xml');
  if (!read.ok) return { ...base, kind: null, kindScore: null, fields: {}, errors: [{ code: read.error.code, message: `${fileName}: ${read.error.message}` }] };
  return { ...base, kind: 'invoice', kindScore: 1, fields: read.value.fields, errors: [], einvoice: { ...read.value.info, problems: read.value.problems } };
}

/**
 * A PDF's extract with the e-invoice it embeds, if any: the XML's fields win, each keeping what the
 * page said (`pageReading`), and `einvoice.pageFields` is the pages' own extract. `asInvoice`
 * reads the pages as an invoice when the classifier took them for something else.
 */
export async function withEmbeddedEInvoice(result: ExtractJson, pdf: Uint8Array, pages: readonly PageText[], asInvoice: () => Extraction): Promise<ExtractJson> {
  if (result.errors.length > 0) return result;
  return joinEmbeddedEInvoice(result, await readEmbeddedEInvoice(pdf), pages, asInvoice);
}

/** The same with the embedded e-invoice already read (`found`, null when the PDF embeds none). */
export function joinEmbeddedEInvoice(result: ExtractJson, found: EInvoiceFound | null, pages: readonly PageText[], asInvoice: () => Extraction): ExtractJson {
  if (result.errors.length > 0 || !found) return result;
  const page: Extraction = result.kind === 'invoice' ? { kind: 'invoice', kindScore: result.kindScore ?? 0, fields: result.fields } : asInvoice();
  const joined = joinWithPages(found, page, pages);
  return { ...result, kind: joined.kind, kindScore: joined.kindScore, fields: joined.fields, einvoice: { ...found.info, problems: found.problems, pageFields: page.fields } };
}
