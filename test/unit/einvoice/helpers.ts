// Reading the hand-written EN 16931 fixtures: the bytes, and the parsed tree the core maps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseXml } from '../../../src/backend/einvoice/parse-xml';
import { readEInvoice } from '../../../src/core/einvoice';
import type { EInvoiceReading, XmlMethod, XmlNode } from '../../../src/core/einvoice';

export const FIXTURES = join(process.cwd(), 'test/fixtures/einvoice');

export const fixtureText = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');

/** Parses XML text; throws with the reason when it is refused (the test then fails saying why). */
export function tree(xml: string | Uint8Array): XmlNode {
  const parsed = parseXml(typeof xml === 'string' ? new TextEncoder().encode(xml) : xml);
  if (!parsed.ok) throw new Error(`${parsed.error.code}: ${parsed.error.message}`);
  return parsed.value;
}

/** The e-invoice reading of XML text; throws when it is none. */
export function reading(xml: string, method: XmlMethod = 'xml'): EInvoiceReading {
  const read = readEInvoice(tree(xml), method);
  if (!read.ok) throw new Error(`${read.error.code}: ${read.error.message}`);
  return read.value;
}

/** Field name → value, for compact expectations. */
export const values = (r: EInvoiceReading): Record<string, unknown> => Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.value]));
