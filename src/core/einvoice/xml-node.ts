/**
 * XML as the e-invoice mapping reads it: elements named by namespace URI and local name, so a
 * document is read the same whatever prefixes its writer chose (`cbc:ID`, `ns2:ID` or a default
 * namespace). The backend builds this tree from the bytes; the core only walks it.
 */

/** One element: its namespace URI ('' when none), local name, attributes by local name, children and text. */
export type XmlNode = {
  readonly ns: string;
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** The element's own character data (CDATA included), entities decoded, not trimmed. */
  readonly text: string;
};

/** An element together with the path it was reached by, e.g. `/Invoice/cac:InvoiceLine[2]/cbc:Note`. */
export type Located = { readonly node: XmlNode; readonly path: string };

/** The namespaces EN 16931's two syntaxes use, under the prefixes their specifications print. */
export const NAMESPACES = {
  ublInvoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  ublCreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
} as const;

export type Prefix = 'cac' | 'cbc' | 'rsm' | 'ram' | 'udt' | 'qdt';

/** A step of a path: `cbc:ID`. The prefix is the specification's, not the document's. */
export type Step = `${Prefix}:${string}`;

const split = (step: Step): [string, string] => {
  const colon = step.indexOf(':');
  return [NAMESPACES[step.slice(0, colon) as Prefix], step.slice(colon + 1)];
};

/** The children of `node` named by `step`. */
export function childrenNamed(node: XmlNode, step: Step): XmlNode[] {
  const [ns, name] = split(step);
  return node.children.filter((c) => c.ns === ns && c.name === name);
}

/**
 * Follows a path of first matches (`cac:AccountingSupplierParty`, `cac:Party`, …) and returns the
 * element with the path it was reached by, or null where a step finds nothing.
 */
export function find(from: Located, ...steps: readonly Step[]): Located | null {
  let at: Located = from;
  for (const step of steps) {
    const matches = childrenNamed(at.node, step);
    const first = matches[0];
    if (!first) return null;
    at = { node: first, path: `${at.path}/${step}${matches.length > 1 ? '[1]' : ''}` };
  }
  return at;
}

/** Every child named by `step`, each with its indexed path when there are several. */
export function findAll(from: Located, step: Step): Located[] {
  const matches = childrenNamed(from.node, step);
  return matches.map((node, i) => ({ node, path: `${from.path}/${step}${matches.length > 1 ? `[${i + 1}]` : ''}` }));
}

/** An element's text with white space collapsed; '' when it has none. */
export const textOf = (node: XmlNode): string => node.text.replace(/\s+/g, ' ').trim();

/** The text at the end of a path, with where it stands; null when absent or blank. */
export function textAt(from: Located, ...steps: readonly Step[]): { readonly text: string; readonly path: string; readonly node: XmlNode } | null {
  const at = find(from, ...steps);
  if (!at) return null;
  const text = textOf(at.node);
  return text === '' ? null : { text, path: at.path, node: at.node };
}
