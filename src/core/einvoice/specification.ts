/** A readable name for what an e-invoice says it is (BT-24) and how it came. */
import type { EInvoiceInfo } from '../../shared/documents';

const SYNTAX_LABEL: Readonly<Record<EInvoiceInfo['syntax'], string>> = { ubl: 'UBL 2.1', cii: 'UN/CEFACT CII' };

const PROFILE_LABEL: Readonly<Record<string, string>> = {
  minimum: 'MINIMUM',
  basicwl: 'BASIC WL',
  basic: 'BASIC',
  en16931: 'EN 16931',
  extended: 'EXTENDED',
  xrechnung: 'XRECHNUNG',
};

/**
 * "XRechnung 3.0 (UBL 2.1)", "Peppol BIS Billing 3.0 (UBL 2.1)", "Factur-X BASIC (UN/CEFACT CII)",
 * "ZUGFeRD 2 EXTENDED (UN/CEFACT CII)", "EN 16931 (UN/CEFACT CII)": the specification the
 * customization identifier names, else the attachment's conventional file name, and the syntax.
 */
export function specificationLabel(syntax: EInvoiceInfo['syntax'], customization: string | null, attachment: string | null = null): string {
  const id = customization?.toLowerCase() ?? '';
  const file = attachment?.toLowerCase() ?? '';
  const xrechnung = /xrechnung_(\d+(?:\.\d+)*)/.exec(id);
  const profile = /(?:factur-x\.eu|zugferd\.de):\w+:(minimum|basicwl|basic|en16931|extended|xrechnung)/.exec(id)?.[1];
  let spec: string;
  if (xrechnung) spec = `XRechnung ${xrechnung[1]}`;
  else if (id.includes('xrechnung') || file === 'xrechnung.xml') spec = 'XRechnung';
  else if (id.includes('peppol.eu:2017:poacc:billing:3.0')) spec = 'Peppol BIS Billing 3.0';
  else if (id.includes('zugferd.de') || file.startsWith('zugferd')) spec = `ZUGFeRD 2${profile ? ` ${PROFILE_LABEL[profile]}` : ''}`;
  else if (id.includes('factur-x.eu') || file === 'factur-x.xml') spec = `Factur-X ${profile ? PROFILE_LABEL[profile] : id.startsWith('urn:cen.eu:en16931:2017') ? 'EN 16931' : ''}`.trim();
  else if (id.startsWith('urn:cen.eu:en16931:2017')) spec = 'EN 16931';
  else spec = 'e-invoice';
  return `${spec} (${SYNTAX_LABEL[syntax]})`;
}
