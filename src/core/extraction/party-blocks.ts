/**
 * Party blocks: the name-and-address stacks every invoice prints (the issuer's letterhead, the
 * recipient's address window, "Bill to" and "Ship to" boxes). A block is a run of left-aligned
 * lines close together; its name is the first line that reads as a name, not an address, contact
 * or registration line. Blocks found this way give a party even when no label names it.
 */
import type { Context } from './context';
import { labelOf } from './context';
import { addressScore, isContactLine, isPlaceLine } from './grammars/address';
import { cleanPartyName, isPartyName } from './grammars/shipping';
import type { LabelKey } from './labels';
import { COLUMNS } from './labels';
import { matchLabel } from './label-match';
import type { PageLayout, Segment, Token } from './layout';

export type PartyBlock = {
  readonly layout: PageLayout;
  readonly lines: readonly Segment[];
  /** The label heading the block ("Bill to", "Shipper"), when it has one. */
  readonly label: LabelKey | null;
  readonly name: string;
  readonly nameTokens: readonly Token[];
  /** Lines after the name that read as address lines, and as contact or registration lines. */
  readonly addressLines: number;
  readonly contactLines: number;
};

const LEGAL =
  /\b(ltd|limited|inc|incorporated|llc|gmbh|ag|kg|s\.?a\.?|sas|sarl|b\.?v|n\.?v|co\.|corp|corporation|company|jsc|plc|pte|pvt|srl|s\.p\.a|spa|ltda|oy|ab|a\/s|pcl|bhd|sdn|lda|tbk|tnhh|sp\. z o\.o|s\.r\.o|kft|eurl|bvba|a\.ş)\b\.?|-gmbh\b/i;

const PARTY_KEYS: ReadonlySet<LabelKey> = new Set(['seller', 'exporter', 'shipper', 'beneficiary', 'buyer', 'consignee', 'notify', 'ship_to']);

/**
 * A line that may be a party's name: a name, not an address, a place, a contact line, a sentence or a
 * heading of the document. Titles such as "Attn:" or "c/o" are not names either.
 */
export function isNameLine(text: string): boolean {
  const t = cleanPartyName(text);
  if (!isPartyName(t) || isContactLine(t) || isPlaceLine(t) || addressScore(t) >= 0.8) return false;
  // A sentence, not a name: a word ends with a stop and lower case follows ("S.A. de C.V." is a
  // name; "be advised. the goods" is not). A capitalised abbreviation of up to four letters is no
  // word ending a sentence: 'San. ve Tic. Ltd. Şti.', 'Corp. and Co.'.
  if (t.split(/\s+/).length > 9 || /(?<!\p{L})(?:\p{Ll}\p{L}{2,}|\p{L}{5,})[.!?]\s+\p{Ll}{2,}/u.test(t)) return false;
  return !/^(attn|attention|c\/o|z\.?\s?hd|a\/a|à l'attention)\b/i.test(t);
}

/** A name written after "Name:", "Company:", "Firma:", "Razón social:"… with that prefix removed. */
export function withoutNamePrefix(text: string): string {
  return text.replace(/^(company\s+name|company|name|firma|firmenname|nom|raison sociale|nombre|razón social|razao social|ragione sociale|naam|bedrijfsnaam|unvan|firma adı|nazwa|nama|tên|名称)\s*:\s*/i, '');
}

/** The party label a segment starts with, if any. */
function partyLabel(layout: PageLayout, seg: Segment): { key: LabelKey; length: number } | null {
  const m = labelOf(seg, layout.method === 'ocr');
  return m && PARTY_KEYS.has(m.key) ? m : null;
}

/**
 * A return-address line over an address window ("Maas B.V. · Celsiusweg 96 · 5998 UR Venlo",
 * "Muster GmbH - Hauptstr. 1 - 12345 Berlin"): the sender's name, street and town run together on
 * one line. It belongs to neither the letterhead above it nor the recipient's block below.
 */
export function isSenderLine(text: string): boolean {
  const parts = text.split(/\s+[·|•]\s+|\s+[-–—]\s+/).filter((p) => p.trim());
  return parts.length >= 3 && parts.slice(1).some((p) => addressScore(p) >= 0.8 || isPlaceLine(p) || /\d/.test(p));
}

/**
 * A table's header row ("Aantal Prijs per eenheid", "No. Deskripsi"): its words are known column
 * names, but for a short joining word between two of them. It heads a column of figures, never a
 * party's address.
 */
export function isColumnHeaderLine(tokens: readonly { readonly text: string }[]): boolean {
  let i = 0;
  let headers = 0;
  let other = 0;
  while (i < tokens.length) {
    const m = matchLabel(tokens.slice(i), COLUMNS, 6);
    if (m) {
      headers += 1;
      i += m.length;
    } else {
      if (!/^\p{L}{1,3}\.?$/u.test(tokens[i]!.text) || headers === 0 || ++other > 1) return false;
      i += 1;
    }
  }
  return headers > 0 && (other === 0 || headers >= 2);
}

/** The party blocks of one page, top to bottom. */
export function partyBlocks(ctx: Context, layout: PageLayout): PartyBlock[] {
  const segs = layout.lines.flatMap((l) => l.segments);
  const used = new Set<Segment>();
  const blocks: PartyBlock[] = [];
  for (const start of segs) {
    if (used.has(start) || isSenderLine(start.text)) continue;
    // The run of left-aligned segments below `start`, each close under the one before; another
    // party's label ("SHIP TO") starts a block of its own, and so does, once this block's address
    // has begun, a return-address line or a name with a legal form (a letterhead stacked over the
    // address window at the same margin: "Maas B.V. / Celsiusweg 96 / … / Gulf Coast Corp. / …").
    const chain: Segment[] = [start];
    let last = start;
    let addressed = false;
    // A label with its party on the same line ("Intestatario  Hansa GmbH") has the address under the party.
    const labelled = partyLabel(layout, start);
    const valueX = labelled && labelled.length < start.tokens.length ? start.tokens[labelled.length]!.x0 : null;
    const aligned = (s: Segment): boolean => Math.abs(s.x0 - start.x0) <= layout.em * 1.2 || (valueX !== null && Math.abs(s.x0 - valueX) <= layout.em * 1.2);
    for (let li = start.line + 1; li < layout.lines.length; li++) {
      const line = layout.lines[li]!;
      const h = Math.max(last.y1 - last.y0, layout.em);
      if (line.y0 - last.y1 > h * 2) break;
      const next = line.segments.find((s) => !used.has(s) && aligned(s));
      if (!next) continue;
      if (partyLabel(layout, next)) break;
      if (addressed && (isSenderLine(next.text) || (LEGAL.test(next.text) && isNameLine(next.text) && !isAddress(next)))) break;
      chain.push(next);
      last = next;
      if (isAddress(next)) addressed = true;
      if (chain.length >= 9) break;
    }
    if (chain.length < 2) continue;
    const heading = chain[0] && !partyLabel(layout, chain[0]) ? headingAbove(ctx, layout, chain[0]) : null;
    const block = readBlock(ctx, layout, chain, heading);
    if (!block) continue;
    for (const s of chain) used.add(s);
    blocks.push(block);
  }
  return blocks.sort((a, b) => (a.lines[0]?.y0 ?? 0) - (b.lines[0]?.y0 ?? 0));
}

/**
 * A party label printed a little above a block's first line, over the same column ("CONSIGNEE (To)"
 * over "PO #", "PO-98765", "Name", "Global Trade Inc"): other labels and their values in between
 * are passed over; an address line or any other text ends the search.
 */
function headingAbove(ctx: Context, layout: PageLayout, first: Segment): LabelKey | null {
  for (let li = first.line - 1; li >= Math.max(0, first.line - 4); li--) {
    const over = layout.lines[li]?.segments.filter((s) => s.x1 > first.x0 - layout.em && s.x0 < first.x1 + layout.em) ?? [];
    for (const s of over) {
      const m = partyLabel(layout, s);
      if (m) return m.key;
      // An address above is another block's: the label over it is that block's.
      if (isAddress(s) || (!ctx.isLabel(s) && !/\d/.test(s.text))) return null;
    }
  }
  return null;
}

/**
 * Whether a segment is the value of a label printed just left of it on its line ("Incoterm  CIF
 * Hamburg"): a column of such values ("19 settembre 2026 / 0583917 / CIF Hamburg") is no address block.
 */
function valueOfLabel(ctx: Context, layout: PageLayout, seg: Segment): boolean {
  const line = layout.lines[seg.line];
  if (!line) return false;
  const left = line.segments.filter((o) => o !== seg && o.x1 <= seg.x0).sort((a, b) => b.x1 - a.x1)[0];
  return left !== undefined && seg.x0 - left.x1 <= layout.em * 12 && ctx.isLabel(left) && !partyLabel(layout, left);
}

/**
 * Whether a segment is the value of a caption printed right above it, in its column, that names a
 * field other than a party ("Navire :" over "GOLDEN ORCHID BX613N", "Colis :" over "1091 BAGS"):
 * a vessel, a port or a count in a form's boxes is no party's name.
 */
function valueUnderCaption(ctx: Context, layout: PageLayout, seg: Segment): boolean {
  const above = layout.lines[seg.line - 1];
  if (!above || seg.y0 - above.y1 > Math.max(seg.y1 - seg.y0, layout.em) * 1.5) return false;
  return above.segments.some((o) => Math.abs(o.x0 - seg.x0) <= layout.em * 1.2 && o.tokens.length <= 4 && ctx.isLabel(o) && !partyLabel(layout, o));
}

const isAddress = (s: Segment): boolean => addressScore(s.text) >= 0.8 || isPlaceLine(s.text);

/**
 * Reads a run of lines as a party block: its label (on the first line), its name — the name line
 * nearest above the first address line (a letterhead may print a logo or a slogan above the name),
 * or the first name line of a labelled block — and how many address and contact lines follow.
 */
function readBlock(ctx: Context, layout: PageLayout, chain: readonly Segment[], heading: LabelKey | null): PartyBlock | null {
  const head = chain[0]!;
  const m = partyLabel(layout, head);
  const label = m?.key ?? heading;
  type Cand = { at: number; text: string; tokens: readonly Token[] };
  const cands: Cand[] = [];
  if (m) {
    const rest = head.tokens.slice(m.length).filter((t, i) => !(i === 0 && /^[:#-]$/.test(t.text)));
    const text = withoutNamePrefix(rest.map((t) => t.text).join(' '));
    if (rest.length && isNameLine(text)) cands.push({ at: 0, text, tokens: rest.slice(rest.length - text.split(/\s+/).length) });
  }
  chain.forEach((s, at) => {
    if (at === 0 && m) return;
    const text = withoutNamePrefix(s.text);
    const prefixed = text !== s.text;
    if (ctx.isLabel(s) && !prefixed) return;
    if (isNameLine(text) && !isColumnHeaderLine(s.tokens) && !valueOfLabel(ctx, layout, s) && (label || !valueUnderCaption(ctx, layout, s))) cands.push({ at, text, tokens: s.tokens.slice(s.tokens.length - text.split(/\s+/).length) });
  });
  const firstAddress = chain.findIndex((s, at) => at > 0 && isAddress(s));
  // A labelled block needs only its name; an unlabelled one proves itself by an address under it.
  if (!label && firstAddress < 0) return null;
  // Which name line: a labelled block prints the party first ("Bill to: Sample Group / Patricia
  // Sampler"); an unlabelled one may print a logo or slogan above the name, or a contact person
  // under it, so the line with a legal form wins, else the nearest above the address that carries
  // no street number.
  const before = firstAddress >= 0 ? cands.filter((c) => c.at < firstAddress) : cands;
  // A labelled block whose first line is a contact ("INVOICE TO: The Receiver / XYZ Company") names
  // the company on the next line: of its first two name lines, the one with a legal form wins.
  const name = label
    ? (before.slice(0, 2).find((c) => LEGAL.test(c.text)) ?? before[0])
    : (before.filter((c) => LEGAL.test(c.text)).pop() ?? before.filter((c) => !/\d/.test(c.text)).pop() ?? before[before.length - 1]);
  if (!name) return null;
  const after = chain.slice(name.at + 1);
  return {
    layout,
    lines: chain,
    label,
    name: cleanPartyName(name.text),
    nameTokens: name.tokens,
    addressLines: after.filter(isAddress).length,
    contactLines: after.filter((s) => isContactLine(s.text)).length,
  };
}
