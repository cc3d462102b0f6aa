// Parsing XML from outside: any prefixes, any of the encodings XML allows, clear refusals for what is
// malformed or not an e-invoice, and no expansion of what a DTD would define.
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../../src/backend/einvoice/parse-xml';
import { readEInvoiceXml } from '../../../src/backend/einvoice/read-einvoice';
import { sniffFileType } from '../../../src/backend/text/sniff';
import { readEInvoice } from '../../../src/core/einvoice';
import { fixtureText, reading, tree, values } from './helpers';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const refusal = (xml: string | Uint8Array) => {
  const read = readEInvoiceXml(typeof xml === 'string' ? bytes(xml) : xml, 'xml');
  if (read.ok) throw new Error('expected the XML to be refused');
  return read.error;
};

describe('namespaces, whatever the prefixes', () => {
  const peppol = fixtureText('peppol-bis3-invoice.xml');
  const expected = reading(peppol);

  it.each([
    ['odd prefixes for every namespace, the root prefixed', peppol.replace(/<(\/?)cbc:/g, '<$1b:').replace(/<(\/?)cac:/g, '<$1agg7:').replace('xmlns:cac=', 'xmlns:agg7=').replace('xmlns:cbc=', 'xmlns:b=').replace('<Invoice xmlns=', '<inv:Invoice xmlns:inv=').replace('</Invoice>', '</inv:Invoice>')],
    ['default namespaces redeclared on each element', peppol.replace(/<cbc:(\w+)/g, '<$1 xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"').replace(/<\/cbc:(\w+)/g, '</$1')],
    ['namespaces declared on a child and shadowing an outer prefix', peppol.replace('<cac:AccountingSupplierParty>', '<cac:AccountingSupplierParty xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2" xmlns:x="urn:example:unused">')],
  ])('%s: the same fields, the same canonical paths', (_name, xml) => {
    const r = reading(xml);
    expect(values(r)).toEqual(values(expected));
    expect(Object.fromEntries(Object.entries(r.fields).map(([k, f]) => [k, f.xmlPath]))).toEqual(Object.fromEntries(Object.entries(expected.fields).map(([k, f]) => [k, f.xmlPath])));
  });

  it('reads CII with the ram namespace as the default one', () => {
    const cii = fixtureText('cii-invoice.xml');
    const xml = cii.replace(/<(\/?)ram:/g, '<$1').replace('xmlns:ram=', 'xmlns=');
    expect(values(reading(xml))).toEqual(values(reading(cii)));
  });

  it('reads nothing from an element of the right name in another namespace', () => {
    const xml = fixtureText('peppol-bis3-invoice.xml').replace('<cbc:ID>SPR/EX/2026/0157</cbc:ID>', '<z:ID xmlns:z="urn:example:other">SPR/EX/2026/0157</z:ID>');
    expect(reading(xml).fields.invoice_number).toBeUndefined();
  });

  it('refuses an Invoice root outside the UBL namespace, saying what it is', () => {
    const xml = fixtureText('peppol-bis3-invoice.xml').replace('xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"', '');
    const read = readEInvoice(tree(xml), 'xml');
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error.message).toMatch(/root element is <Invoice> without a namespace/);
  });
});

describe('encodings', () => {
  it('reads UTF-16 with a byte-order mark (little- and big-endian)', () => {
    const text = fixtureText('peppol-bis3-invoice.xml').replace('encoding="UTF-8"', 'encoding="UTF-16"');
    const le = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text, 'utf16le')]);
    const be = Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    for (const encoded of [le, be]) {
      expect(sniffFileType(encoded)).toBe('application/xml');
      const read = readEInvoiceXml(encoded, 'xml');
      expect(read.ok && read.value.fields.buyer?.value).toBe('Rheinfeld Kunststofftechnik GmbH');
    }
  });

  it('reads the encoding the declaration names (ISO-8859-1), and a UTF-8 byte-order mark', () => {
    const text = fixtureText('xrechnung-ubl.xml').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const latin1 = Uint8Array.from(Buffer.from(text, 'latin1'));
    const read = readEInvoiceXml(latin1, 'xml');
    expect(read.ok && read.value.fields.goods_description?.value).toMatch(/Schweißdraht.*Rüstkosten/);
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes(fixtureText('xrechnung-ubl.xml'))]);
    expect(readEInvoiceXml(bom, 'xml').ok).toBe(true);
  });

  it('refuses bytes that are not the UTF-8 they claim to be', () => {
    const broken = Uint8Array.from([...bytes('<?xml version="1.0" encoding="UTF-8"?><Invoice>'), 0xc3, 0x28, ...bytes('</Invoice>')]);
    expect(refusal(broken)).toMatchObject({ code: 'DOCUMENT.CORRUPT', message: expect.stringMatching(/not valid UTF-8/) });
  });
});

describe('what is refused, and how it is said', () => {
  it.each([
    ['XML cut short', fixtureText('cii-invoice.xml').slice(0, 900), 'DOCUMENT.CORRUPT', /malformed \(line \d+, column \d+: .+\)/],
    ['mismatched tags', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><a></b></Invoice>', 'DOCUMENT.CORRUPT', /malformed \(line 1, column \d+/],
    ['an undeclared prefix', '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><cbc:ID>1</cbc:ID></Invoice>', 'DOCUMENT.CORRUPT', /prefix “cbc” of <cbc:ID> is not declared/],
    ['two root elements', '<a/><b/>', 'DOCUMENT.CORRUPT', /malformed|single root/],
    ['an SVG picture', '<svg xmlns="http://www.w3.org/2000/svg" width="10"/>', 'DOCUMENT.UNSUPPORTED', /root element is <svg> in namespace http:\/\/www\.w3\.org\/2000\/svg.*Quayside reads EN 16931/],
    ['a UBL order', '<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"><ID xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">1</ID></Order>', 'DOCUMENT.UNSUPPORTED', /a UBL Order document, not an invoice or credit note/],
    ['a ZUGFeRD 1.0 invoice', '<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>', 'DOCUMENT.UNSUPPORTED', /ZUGFeRD 1\.0.*ask the sender for ZUGFeRD 2 \/ Factur-X/],
    ['a CEFACT message that is no invoice', '<rsm:CrossIndustryOrder xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryOrder:100"/>', 'DOCUMENT.UNSUPPORTED', /UN\/CEFACT CrossIndustryOrder message, not a Cross Industry Invoice/],
  ])('%s → %s', (_name, xml, code, message) => {
    const error = refusal(xml);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
  });

  it('refuses nesting deeper than any invoice has, without running out of stack', () => {
    const deep = `<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</Invoice>`;
    expect(refusal(deep)).toMatchObject({ code: 'DOCUMENT.CORRUPT', message: expect.stringMatching(/nests elements more than 100 levels/) });
  });
});

describe('hostile XML: nothing a DTD defines is expanded', () => {
  const laughs = `<?xml version="1.0"?>
<!DOCTYPE Invoice [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID xmlns="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">&lol3;</ID></Invoice>`;

  it.each([
    ['entity expansion (billion laughs)', laughs],
    ['an external entity (XXE)', '<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&xxe;</Invoice>'],
    ['a DOCTYPE behind comments and processing instructions', '<?xml version="1.0"?><!-- hi --><?pi x?>\n<!doctype Invoice SYSTEM "http://example.com/invoice.dtd"><Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'],
  ])('%s is refused before parsing', (_name, xml) => {
    expect(refusal(xml)).toMatchObject({ code: 'DOCUMENT.UNSUPPORTED', message: expect.stringMatching(/document type declaration.*never do/) });
  });

  it('decodes XML’s own entities and character references, and leaves any other reference as written', () => {
    const root = parseXml(bytes('<a x="&quot;1&quot; &amp; 2">Smith &amp; Sons &#x20AC;&#8364; &lt;b&gt; &lol3;</a>'));
    expect(root.ok && root.value).toMatchObject({ name: 'a', attrs: { x: '"1" & 2' }, text: 'Smith & Sons €€ <b> &lol3;' });
  });

  it('keeps CDATA as text, unparsed', () => {
    const root = parseXml(bytes('<a><![CDATA[<b>&amp;</b>]]></a>'));
    expect(root.ok && root.value.text).toBe('<b>&amp;</b>');
  });
});

describe('sniffing XML among the files intake takes', () => {
  it.each([
    ['an XML declaration', '<?xml version="1.0"?><a/>', 'application/xml'],
    ['a root tag after white space', '\n\t <Invoice/>', 'application/xml'],
    ['a comment first', '<!-- x --><a/>', 'application/xml'],
    ['a UTF-8 byte-order mark', Uint8Array.from([0xef, 0xbb, 0xbf, ...bytes('<a/>')]), 'application/xml'],
    ['plain text', 'Invoice SPR/EX/2026/0142', null],
    ['a lone angle bracket', '< 5 tonnes', null],
    ['a PDF stays a PDF', '%PDF-1.7\n<</Type/Catalog>>', 'application/pdf'],
  ] as const)('%s → %s', (_name, input, expected) => {
    expect(sniffFileType(typeof input === 'string' ? bytes(input) : input)).toBe(expected);
  });
});
