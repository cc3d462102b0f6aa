/**
 * E-invoices from files: an XML file read whole, or the invoice XML a hybrid PDF embeds (Factur-X,
 * ZUGFeRD 2.x, XRechnung). Parsing is here; what the XML means is the core's (`core/einvoice`).
 */
import { einvoiceSyntax, readEInvoice, specificationLabel } from '../../core/einvoice';
import type { EInvoiceReading, XmlMethod } from '../../core/einvoice';
import { ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { parseXml } from './parse-xml';

/** An e-invoice read from a file, with the XML it was read from (stored with the document). */
export type EInvoiceFound = EInvoiceReading & { readonly xml: Uint8Array };

/** Reads XML bytes as an e-invoice; anything else (malformed, hostile, another kind of XML) is an error. */
export function readEInvoiceXml(bytes: Uint8Array, method: XmlMethod, attachment: string | null = null): Result<EInvoiceFound> {
  const root = parseXml(bytes);
  if (!root.ok) return root;
  const read = readEInvoice(root.value, method);
  if (!read.ok) return read;
  const info = attachment === null ? read.value.info : { ...read.value.info, attachment, label: specificationLabel(read.value.info.syntax, read.value.info.customization, attachment) };
  return ok({ ...read.value, info, xml: bytes });
}

/** Whether XML bytes are an e-invoice Quayside reads (parsed, not guessed from the name). */
export function isEInvoiceXml(bytes: Uint8Array): boolean {
  const root = parseXml(bytes);
  return root.ok && einvoiceSyntax(root.value) !== null;
}

/**
 * The e-invoice a PDF embeds, or null when it embeds none. A PDF pdf.js cannot open has no
 * e-invoice here: reading its pages reports what is wrong with it.
 */
export async function readEmbeddedEInvoice(pdf: Uint8Array): Promise<EInvoiceFound | null> {
  return einvoiceAmong(await embeddedXmls(pdf));
}

/** An XML file a PDF embeds, not yet parsed. */
export type EmbeddedXml = { readonly name: string; readonly bytes: Uint8Array };

/** A PDF's embedded XML files in the order they are tried as its e-invoice (needs pdf.js: the reading thread's). */
export async function embeddedXmls(pdf: Uint8Array): Promise<EmbeddedXml[]> {
  // Loaded on first use: pdf.js is the intake worker's, not something every command should load.
  const { invoiceXmlCandidates } = await import('../text/attachments');
  const found = await invoiceXmlCandidates(pdf);
  return found.ok ? found.value.map(({ name, bytes }) => ({ name, bytes })) : [];
}

/** The first of a PDF's embedded XML files that reads as an e-invoice, each parsed once; null when none does. */
export function einvoiceAmong(xmls: readonly EmbeddedXml[]): EInvoiceFound | null {
  for (const xml of xmls) {
    const read = readEInvoiceXml(xml.bytes, 'embedded_xml', xml.name);
    if (read.ok) return read.value;
  }
  return null;
}
