/**
 * Party blocks: the name-and-address stacks every invoice prints (the issuer's letterhead, the
 * recipient's address window, "Bill to" and "Ship to" boxes). A block is a run of left-aligned
 * lines close together; its name is the first line that reads as a name, not an address, contact
 * or registration line. Blocks found this way give a party even when no label names it.
 */
import type { Context } from './context';
import { addressScore, isContactLine, isPlaceLine } from './grammars/address';
import { cleanPartyName, isPartyName } from './grammars/shipping';
import { matchLabel } from './label-match';
import type { LabelKey } from './labels';
import { LABELS } from './labels';
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

const PARTY_KEYS: ReadonlySet<LabelKey> = new Set(['seller', 'exporter', 'shipper', 'beneficiary', 'buyer', 'consignee', 'notify', 'ship_to']);

/**
 * A line that may be a party's name: a name, not an address, a place, a contact line, a sentence or a
 * heading of the document. Titles such as "Attn:" or "c/o" are not names either.
 */
export function isNameLine(text: string): boolean {
  const t = cleanPartyName(text);
  if (!isPartyName(t) || isContactLine(t) || isPlaceLine(t) || addressScore(t) >= 0.8) return false;
  // A sentence, not a name: a word of three letters or more ends with a stop and lower case follows
  // ("S.A. de C.V." is a name; "be advised. the goods" is not).
  if (t.split(/\s+/).length > 9 || /\p{L}{3,}[.!?]\s+\p{Ll}{2,}/u.test(t)) return false;
  return !/^(attn|attention|c\/o|z\.?\s?hd|a\/a|à l'attention)\b/i.test(t);
}

/** A name written after "Name:", "Company:", "Firma:", "Razón social:"… with that prefix removed. */
export function withoutNamePrefix(text: string): string {
  return text.replace(/^(company\s+name|company|name|firma|firmenname|nom|raison sociale|nombre|razón social|razao social|ragione sociale|naam|bedrijfsnaam|unvan|firma adı|nazwa|nama|tên|名称)\s*:\s*/i, '');
}

/** The party blocks of one page, top to bottom. */
export function partyBlocks(ctx: Context, layout: PageLayout): PartyBlock[] {
  const segs = layout.lines.flatMap((l) => l.segments);
  const used = new Set<Segment>();
  const blocks: PartyBlock[] = [];
  for (const start of segs) {
    if (used.has(start)) continue;
    // The run of left-aligned segments below `start`, each close under the one before.
    const chain: Segment[] = [start];
    let last = start;
    for (let li = start.line + 1; li < layout.lines.length; li++) {
      const line = layout.lines[li]!;
      const h = Math.max(last.y1 - last.y0, layout.em);
      if (line.y0 - last.y1 > h * 1.3) break;
      const next = line.segments.find((s) => !used.has(s) && Math.abs(s.x0 - start.x0) <= layout.em * 1.2);
      if (!next) continue;
      chain.push(next);
      last = next;
      if (chain.length >= 8) break;
    }
    if (chain.length < 2) continue;
    const block = readBlock(ctx, layout, chain);
    if (!block) continue;
    for (const s of chain) used.add(s);
    blocks.push(block);
  }
  return blocks.sort((a, b) => (a.lines[0]?.y0 ?? 0) - (b.lines[0]?.y0 ?? 0));
}

/** Reads a run of lines as a party block, or null when it has no name followed by an address. */
function readBlock(ctx: Context, layout: PageLayout, chain: readonly Segment[]): PartyBlock | null {
  let label: LabelKey | null = null;
  let i = 0;
  const head = chain[0]!;
  const m = matchLabel(head.tokens, LABELS, 8, layout.method === 'ocr');
  let inlineName: { text: string; tokens: readonly Token[] } | null = null;
  if (m && PARTY_KEYS.has(m.key)) {
    label = m.key;
    const rest = head.tokens.slice(m.length);
    if (rest.length && isNameLine(withoutNamePrefix(rest.map((t) => t.text).join(' ')))) inlineName = { text: rest.map((t) => t.text).join(' '), tokens: rest };
    i = 1;
  } else if (m || ctx.isLabel(head)) {
    return null;
  }
  let nameAt = -1;
  if (!inlineName) {
    for (; i < Math.min(chain.length, 3); i++) {
      const text = withoutNamePrefix(chain[i]!.text);
      if (isNameLine(text)) {
        nameAt = i;
        break;
      }
      if (ctx.isLabel(chain[i]!) && !/^(name|company)/i.test(chain[i]!.text)) return null;
    }
    if (nameAt < 0) return null;
  }
  const rest = chain.slice(inlineName ? 1 : nameAt + 1);
  const addressLines = rest.filter((s) => addressScore(s.text) >= 0.8 || isPlaceLine(s.text)).length;
  const contactLines = rest.filter((s) => isContactLine(s.text)).length;
  // A labelled block needs only its name; an unlabelled one proves itself by an address under it.
  if (!label && addressLines === 0) return null;
  const nameSeg = inlineName ? null : chain[nameAt]!;
  const rawName = inlineName ? inlineName.text : nameSeg!.text;
  const prefixLength = rawName.length - withoutNamePrefix(rawName).length;
  const tokens = inlineName ? inlineName.tokens : nameSeg!.tokens;
  let skipped = 0;
  const nameTokens = tokens.filter((t) => {
    skipped += t.text.length + 1;
    return skipped > prefixLength;
  });
  return {
    layout,
    lines: chain,
    label,
    name: cleanPartyName(withoutNamePrefix(rawName)),
    nameTokens: nameTokens.length ? nameTokens : tokens,
    addressLines,
    contactLines,
  };
}
