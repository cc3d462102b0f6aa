/**
 * XML bytes → the namespace-resolved element tree the core's e-invoice mapping walks. Parsed with
 * fast-xml-parser (pure JavaScript, no native code, well kept), hardened for files from outside:
 * a document type declaration is refused before parsing (EN 16931 invoices never carry one, and it
 * is how entity-expansion bombs and external entities arrive), entity processing is off in the
 * parser, and only XML's five predefined entities and character references are decoded here.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { XmlNode } from '../../core/einvoice/xml-node';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';

/** E-invoices are tens of kilobytes; a few megabytes is a large one with many lines. */
export const MAX_XML_BYTES = 20 * 1024 * 1024;
/** UBL nests about a dozen levels deep; far deeper is a crafted file. */
const MAX_DEPTH = 100;

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** The text of the bytes by their byte-order mark or encoding declaration (UTF-8 when neither says). */
function decode(bytes: Uint8Array): Result<string> {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  else {
    // The declaration is ASCII whatever the encoding that follows it.
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]?.toLowerCase();
    if (declared && declared !== 'utf-8' && declared !== 'utf8') encoding = declared;
  }
  try {
    return ok(new TextDecoder(encoding, { fatal: true }).decode(bytes));
  } catch (error) {
    if (error instanceof RangeError) return err('DOCUMENT.UNSUPPORTED', `This XML declares the character encoding “${encoding}”, which cannot be read; ask the sender for UTF-8.`);
    return err('DOCUMENT.CORRUPT', `This XML is not valid ${encoding.toUpperCase()} text (a byte sequence cannot be decoded); get a fresh copy from the sender.`);
  }
}

/**
 * Whether a document type declaration stands in the prolog (the only place one may), skipping the
 * XML declaration, processing instructions, comments and white space before the root element.
 */
function hasDoctype(text: string): boolean {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i += 1;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) return false;
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) return false;
      i = end + 3;
    } else {
      return /^<!DOCTYPE/i.test(text.slice(i, i + 9));
    }
  }
}

const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML's predefined entities and character references decoded; any other reference stays as written. */
function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

type Ordered = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  removeNSPrefix: false,
  // CDATA apart from text: its content is literal, never entity-decoded.
  cdataPropName: '#cdata',
  // The parser's own guard against deep nesting, set to ours (one more: it counts the root too).
  maxNestedTags: MAX_DEPTH + 1,
});

class XmlProblem extends Error {}

/** One element of fast-xml-parser's ordered output, its namespaces resolved in scope. */
function toNode(entry: Ordered, scope: ReadonlyMap<string, string>, depth: number): XmlNode {
  if (depth > MAX_DEPTH) throw new XmlProblem(`it nests elements more than ${MAX_DEPTH} levels deep`);
  const qname = Object.keys(entry).find((k) => k !== ':@')!;
  const rawAttrs = (entry[':@'] ?? {}) as Record<string, string>;
  let inScope = scope;
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      if (inScope === scope) inScope = new Map(scope);
      (inScope as Map<string, string>).set(name === 'xmlns' ? '' : name.slice(6), decodeEntities(value));
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const ns = inScope.get(prefix);
  if (ns === undefined && prefix !== '') throw new XmlProblem(`the prefix “${prefix}” of <${qname}> is not declared`);
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawAttrs)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    attrs[name.slice(name.indexOf(':') + 1)] = decodeEntities(value);
  }
  const children: XmlNode[] = [];
  let text = '';
  for (const child of (entry[qname] ?? []) as Ordered[]) {
    if ('#text' in child) text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) text += ((child['#cdata'] ?? []) as Ordered[]).map((c) => String(c['#text'] ?? '')).join('');
    else children.push(toNode(child, inScope, depth + 1));
  }
  return { ns: ns ?? '', name: colon < 0 ? qname : qname.slice(colon + 1), attrs, children, text };
}

/**
 * Parses XML bytes into an element tree with namespaces resolved. Malformed XML is `DOCUMENT.CORRUPT`
 * naming the line and column; a DTD, an unreadable encoding or an oversized file is refused.
 */
export function parseXml(bytes: Uint8Array): Result<XmlNode> {
  if (bytes.length > MAX_XML_BYTES) return err('DOCUMENT.TOO_LARGE', `This XML is ${(bytes.length / 2 ** 20).toFixed(0)} MB; e-invoices are far smaller, so it is not read.`);
  const decoded = decode(bytes);
  if (!decoded.ok) return decoded;
  const text = decoded.value;
  if (hasDoctype(text)) {
    return err('DOCUMENT.UNSUPPORTED', 'This XML carries a document type declaration (<!DOCTYPE …>). EN 16931 e-invoices never do, and one can define entities that expand without end, so it is not read.');
  }
  const valid = XMLValidator.validate(text, { allowBooleanAttributes: false });
  if (valid !== true) {
    return err('DOCUMENT.CORRUPT', `This XML is malformed (line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}); get a fresh copy from the sender.`);
  }
  try {
    const entries = (parser.parse(text) as Ordered[]).filter((e) => !('#text' in e));
    if (entries.length !== 1) return err('DOCUMENT.CORRUPT', 'This XML has no single root element; get a fresh copy from the sender.');
    return ok(toNode(entries[0]!, new Map([['xml', XML_NS]]), 1));
  } catch (error) {
    if (error instanceof XmlProblem) return err('DOCUMENT.CORRUPT', `This XML cannot be read: ${error.message}.`);
    if (error instanceof Error && /nested tags/i.test(error.message)) return err('DOCUMENT.CORRUPT', `This XML cannot be read: it nests elements more than ${MAX_DEPTH} levels deep.`);
    return err('DOCUMENT.CORRUPT', `This XML cannot be read (${error instanceof Error ? error.message : String(error)}); get a fresh copy from the sender.`);
  }
}
