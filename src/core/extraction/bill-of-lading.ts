/**
 * The fields of a bill of lading: parties from their boxes, vessel and voyage, ports, the on-board
 * date, the cargo table (description, packages, weights) and container numbers.
 */
import type { Context, Fields, Found, Parse } from './context';
import { fromLabels, rankLabelled, set, tokensIn, unlabelled } from './context';
import { findNumbers } from './grammars/amounts';
import { findContainers } from './grammars/identifiers';
import type { UnitCode } from './grammars/quantity';
import { findPackages, findQuantities, toKilograms } from './grammars/quantity';
import { LEGAL_FORM, cleanPartyName, isGoodsLine, isPartyName, splitVesselVoyage } from './grammars/shipping';
import { compactTitle } from './classify';
import type { LabelKey } from './labels';
import type { PartyBlock } from './party-blocks';
import { isNameLine, partyBlocks } from './party-blocks';
import { fromBlock } from './parties';
import { COLUMNS } from './labels';
import type { PageLayout, Token } from './layout';
import { UNREAD_BELOW, joinTokens, overlapX } from './layout';
import { TEXT_COLUMNS, cleanDescription, firstNumber, unitIn } from './line-items';
import { isWholeLabel, parseDate, parseParty, parseReference, parseText } from './parsers';
import { cellsOfLine, findTables } from './tables';
/** All container numbers on the document, in reading order (a number wrapped in its cell included). */
export function containers(ctx: Context): Found | null {
  const values: string[] = [];
  const tokens: Token[] = [];
  let layout: PageLayout | null = null;
  let repaired = 0;
  const take = (l: PageLayout, text: string, toks: readonly Token[]): void => {
    for (const c of findContainers(text)) {
      if (values.includes(c.value)) continue;
      values.push(c.value);
      tokens.push(...tokensIn(toks, c.index, c.index + c.raw.length));
      repaired += c.repaired;
      layout ??= l;
    }
  };
  for (const l of ctx.layouts) {
    l.lines.forEach((line, li) => {
      for (const seg of line.segments) {
        take(l, seg.text, seg.tokens);
        // "OSLU 712004-" over "4": the cell wrapped the number.
        if (!/[A-Z]{4}\s?[\d\s-]{3,}$/.test(seg.text)) continue;
        for (const next of [l.lines[li + 1], l.lines[li + 2]]) {
          const below = next?.segments.find((o) => overlapX(o, seg) > 0 && o.x0 >= seg.x0 - l.em && /^[\d-]/.test(o.text));
          if (!below) continue;
          const joined = [...seg.tokens, ...below.tokens.slice(0, 2)];
          take(l, joinTokens(joined), joined);
          break;
        }
      }
    });
  }
  const first = layout as PageLayout | null;
  if (!values.length || !first) return null;
  const onPage = tokens.filter((t) => first.lines.some((ln) => ln.tokens.includes(t)));
  // A container number printed but not read whole ('TEMU 014174 §', a digit lost to a smudge): the
  // list may lack it, so it is one to confirm.
  const missed = ctx.layouts.some((l) =>
    l.lines.some((line) =>
      [...line.text.matchAll(/(?<![A-Za-z0-9])[A-Z]{3}[UJZ]\s?(\d{3}\s?\d{2,4})(?!\d)/g)].some((m) => !values.some((v) => v.slice(4).startsWith((m[1] ?? '').replace(/\s/g, '').slice(0, 5)))),
    ),
  );
  return { ...unlabelled(first, onPage, values, missed ? 0.6 : repaired ? 0.85 : 0.97), raw: values.join(', ') };
}

/** A gross-weight cell: figures with at most a weight unit (or a 'total' word), no date. */
const isWeightCell = (text: string): boolean =>
  !/\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b/.test(text) &&
  text.replace(/\b(kgs?|kilos?|kilograms?|mt|mts|tons?|tonnes?|lbs?|gross|total|net|wt)\b\.?/gi, '').replace(/[\d\s.,'’:()\u202f-]/g, '').length === 0;

/** The cargo table of a B/L: the description, and the gross weight column. */
export function cargo(ctx: Context): { description: Found | null; grossKg: Found | null; packages: Found | null; bulk: Found | null; count: Found | null } {
  for (const layout of ctx.layouts) {
    // The cargo table has a gross weight column; a run of prose that happens to name 'number',
    // 'quantity' and 'packages' (the carrier's receipt clause) makes a table without one: try it last.
    const tables = findTables(layout, COLUMNS, () => false).sort(
      (a, b) => Number(b.columns.some((c) => c.key === 'gross_weight')) - Number(a.columns.some((c) => c.key === 'gross_weight')),
    );
    for (const table of tables) {
      const descCol = table.columns.find((c) => c.key === 'description');
      const grossCol = table.columns.find((c) => c.key === 'gross_weight');
      if (!descCol || (!grossCol && !table.columns.some((c) => c.key === 'marks' || c.key === 'packages' || c.key === 'measurement'))) continue;
      // Weights are printed right-aligned, often past their heading's end: a wider reach than text.
      const reach = layout.em * 6;
      let description: Found | null = null;
      let packages: Found | null = null;
      let count: Found | null = null;
      let bulk: Found | null = null;
      const grosses: { n: NonNullable<ReturnType<typeof firstNumber>>; kg: number; total: boolean; li: number }[] = [];
      for (const li of table.rows.slice(0, 40)) {
        const line = layout.lines[li];
        if (!line) continue;
        const cells = cellsOfLine(table.columns, line, reach, TEXT_COLUMNS);
        const desc = cells.get(descCol) ?? [];
        const descText = joinTokens(desc);
        // A box's own heading ('Place of Receipt by Pre-carrier') inside the column is no description.
        if (!description && isGoodsLine(descText) && !isWholeLabel(desc, 6)) {
          description = { value: cleanDescription(descText), tokens: desc, sure: 1, layout, score: 0.9, order: li };
        }
        // A weight cell holds a figure and its unit; a date or a place under the column ('GENOA,
        // 2026-09-16' from a box below the table) is no weight.
        if (grossCol && isWeightCell(joinTokens(cells.get(grossCol) ?? []))) {
          const n = firstNumber(cells.get(grossCol) ?? [], ctx);
          const unit = unitIn(joinTokens(cells.get(grossCol) ?? [])) ?? unitIn(grossCol.header) ?? 'KG';
          const kg = n && n.value > 0 ? toKilograms(n.value, unit) : null;
          if (n && kg !== null) grosses.push({ n, kg, total: /^total/i.test(line.segments[0]?.text ?? ''), li });
        }
        for (const c of table.columns.filter((x) => x.key === 'packages' || x.key === 'description' || x.key === 'quantity')) {
          const toks = cells.get(c) ?? [];
          const text = joinTokens(toks);
          for (const q of findQuantities(text, ctx.mark)) {
            const tokens = tokensIn(toks, q.index, q.index + q.raw.length);
            // "2,000 BAGS" counted packages; "12,500.000 METRIC TONS" the weight of bulk cargo.
            if (!packages && (q.unit === 'BAG' || q.unit === 'PCS')) packages = { value: q.value, tokens, sure: 1, layout, score: 0.8, order: li, raw: q.unit };
            if (!bulk && (q.unit === 'MT' || q.unit === 'KG') && q.index <= 1 && !/gross|net/i.test(text)) bulk = { value: q.value, tokens, sure: q.ambiguous ? 0.8 : 0.9, layout, score: 0.75, order: li, raw: q.unit };
          }
          // The package count in any of its spellings ("2,000 BAGS", "20 PALLETS", "1.200 Säcke").
          const p = findPackages(text, ctx.mark)[0];
          if (!count && p) count = { value: p.count, tokens: tokensIn(toks, p.index, p.index + p.raw.length), sure: 1, layout, score: 0.8, order: li, raw: p.unit };
        }
      }
      // The cargo's gross weight: a totals row, else the sum of the rows (one per container).
      const total = grosses.find((g) => g.total);
      const parts = grosses.filter((g) => !g.total);
      // A cargo total printed on the first row (the rest being other figures) is kept as it is.
      const head = parts[0];
      const restSum = parts.slice(1).reduce((a, g) => a + g.kg, 0);
      const alike = head !== undefined && parts.every((g) => g.kg >= head.kg * 0.5 && g.kg <= head.kg * 2);
      const pick = total ?? (parts.length === 1 || (head && (head.kg >= restSum || !alike)) ? head : null);
      const grossKg: Found | null = pick
        ? { value: pick.kg, tokens: pick.n.tokens, sure: pick.n.ambiguous ? 0.85 : 1, layout, score: 0.9, order: pick.li, raw: pick.n.raw }
        : parts.length > 1
          ? { value: Math.round(parts.reduce((a, g) => a + g.kg, 0) * 1000) / 1000, tokens: parts.flatMap((g) => g.n.tokens), sure: 0.85, layout, score: 0.8, order: parts[0]?.li ?? 0 }
          : null;
      if (description || grossKg) return { description, grossKg, packages, bulk, count };
    }
  }
  return { description: null, grossKg: null, packages: null, bulk: null, count: null };
}


// The HS code's caption in a cargo description: 'HS CODE: 0904.11', 'H.S. Code 1006.30', 'HS-Code'.
const HS_CAPTION = /^(?:h\.?\s?s\.?\s*-?\s*code|h\.s\.|tariff\s+code|commodity\s+code)\b/i;

/**
 * The goods of a cargo box whose headings went unread (a faint scan's 'Desorigdioon of Pas kngen snd
 * Gunde' for 'Description of Packages and Goods'): the description names the goods directly above
 * their HS code, in its column, under any list of the lots ('- GRADE 1, SCREEN 16'). Scored below a
 * read heading's, for a person to confirm.
 */
export function goodsAboveHsCode(ctx: Context): Found | null {
  for (const layout of ctx.layouts) {
    for (const [li, line] of layout.lines.entries()) {
      const hs = line.segments.find((seg) => HS_CAPTION.test(seg.text.trim()));
      if (!hs) continue;
      let below = hs.y0;
      for (let up = li - 1; up >= 0 && up >= li - 8; up--) {
        const above = layout.lines[up];
        const seg = above?.segments.find((s) => Math.abs(s.x0 - hs.x0) <= layout.em * 1.5);
        if (!seg) continue;
        // Only the lines right above count: a gap of more than two lines leaves the box.
        if (below - seg.y1 > layout.em * 3) break;
        below = seg.y0;
        if (/^[-–•*]/.test(seg.text.trim())) continue;
        if (isGoodsLine(seg.text)) return { value: cleanDescription(seg.text), tokens: seg.tokens, sure: 1, layout, score: 0.7, order: up };
        break;
      }
    }
  }
  return null;
}


/** The most a container carries (a 40' high cube's payload is about 28.6 t; some 20' ones take 30 t). */
const MAX_CONTAINER_KG = 32_000;
/** The least a package of goods weighs: nothing ships in bags, cartons or drums of a few hundred grams. */
const MIN_PACKAGE_KG = 1;
/** Packages a person or a forklift handles, and the most one of them weighs (a big bag, a loaded pallet: about 1.5 t). */
const HANDLED_PACKAGES: ReadonlySet<string> = new Set(['BAG', 'SACK', 'BALE', 'CTN', 'BOX', 'CASE', 'DRUM', 'PLT']);
const MAX_PACKAGE_KG = 3_000;

/**
 * A carrier's B/L number printed without a label the reader found (a scan that garbled "B/L No."):
 * carriers number their bills with their own letter code and a serial ("MAEU241183750",
 * "PCSUMK04358656", "HLCUHAM2301234"). Taken only when the top of the first page prints exactly one
 * such reference that is no container number, and with low confidence, for a person to confirm.
 */
function unlabelledBlNumber(ctx: Context): Found | null {
  const layout = ctx.layouts[0];
  if (!layout) return null;
  // A reference printed after another label is that label's ('VAT: BE0TB7447926', 'L/C NO.: …').
  const labelled = new Set(ctx.hits.filter((h) => h.layout === layout && h.key !== 'bl_no' && h.key !== 'doc_no').flatMap((h) => h.segment.tokens));
  const found = new Map<string, Token>();
  for (const line of layout.lines) {
    if (line.y0 > layout.height * 0.45) continue;
    for (const t of line.segments.flatMap((seg) => seg.tokens)) {
      if (labelled.has(t)) continue;
      const text = t.text.replace(/[.,;:]$/, '');
      if (!/^[A-Z]{4}[A-Z0-9]{5,14}$/.test(text) || (text.match(/\d/g) ?? []).length < 5 || findContainers(text).length > 0) continue;
      found.set(text, t);
    }
  }
  if (found.size !== 1) return null;
  const [[value, token]] = [...found] as [[string, Token]];
  return { ...unlabelled(layout, [token], value, 0.5, token.text), sure: 0.6 };
}

/** The parties' boxes of a B/L in the order every form prints them. */
const PARTY_ORDER = ['shipper', 'consignee', 'notify_party'] as const;

/**
 * A B/L whose party captions a scan lost altogether, its party boxes printed side by side ('Shipper ‖
 * Consignee ‖ Notify Party' over three names and addresses): the first row of two or three blocks,
 * high on the first page, each a company's name over an address, is read in the forms' order.
 */
function partiesInARow(blocks: readonly PartyBlock[]): PartyBlock[] {
  const first = blocks[0]?.layout;
  if (!first) return [];
  // Where each block's name stands (the block may begin with a line above it).
  const at = (b: PartyBlock): Token => b.nameTokens[0]!;
  const named = blocks
    .filter((b) => b.layout === first && b.label === null && b.nameTokens.length > 0 && LEGAL_FORM.test(b.name) && b.addressLines + b.contactLines >= 1 && at(b).y0 < first.height * 0.4)
    .sort((a, b) => at(a).y0 - at(b).y0);
  // The first row of two or more: a letterhead above stands alone.
  for (const top of named) {
    const row = named.filter((b) => Math.abs(at(b).y0 - at(top).y0) <= first.em * 1.5).sort((a, b) => at(a).x0 - at(b).x0);
    if (row.length >= 2) return row.length <= 3 ? row : [];
  }
  return [];
}

// Letters a scan reads for the digits they look like (S 5, B 8, O 0, I 1, Z 2, G 6).
const DIGIT_LOOK_ALIKE: Readonly<Record<string, string>> = { S: '5', B: '8', O: '0', I: '1', Z: '2', G: '6' };

/**
 * A B/L number read on a scan whose letters end in a digit's look-alike right before its digits
 * ('HOCROTB258725'): the carrier's code and the serial meet there, and the letter may be the
 * serial's first digit ('HOCROT8258725'). The reading is kept, with that doubt named.
 */
function boundaryLookAlike(found: Found | null): Found | null {
  if (!found || found.layout.method !== 'ocr') return found;
  const m = /^[A-Z]{3,}([SBOIZG])\d{3,}$/.exec(String(found.value));
  if (!m) return found;
  const letter = m[1]!;
  return { ...found, score: Math.min(found.score, 0.7), ambiguity: `the '${letter}' before the digits could be a '${DIGIT_LOOK_ALIKE[letter]}'` };
}

export function extractBillOfLading(ctx: Context): Fields {
  const fields: Fields = {};
  // A "No." that is not the B/L's ("L/C NO.", garbled) comes after a carrier's reference at the top.
  set(fields, 'bl_number', boundaryLookAlike(fromLabels(ctx, { bl_no: 1 }, parseReference) ?? unlabelledBlNumber(ctx) ?? fromLabels(ctx, { doc_no: 0.5 }, parseReference)));
  set(fields, 'invoice_number', fromLabels(ctx, { invoice_no: 1 }, parseReference));
  // Parties from their boxes; forms that print "Name:", "Address:" under the party's heading (truck
  // and house B/Ls) give them through the block the heading starts.
  const blocks = ctx.layouts.flatMap((l) => partyBlocks(ctx, l));
  const blockOf = (keys: readonly LabelKey[]): Found | null => {
    const b = blocks.find((x) => x.label !== null && keys.includes(x.label));
    return b ? fromBlock(b, 0.8) : null;
  };
  set(fields, 'shipper', fromLabels(ctx, { shipper: 1, exporter: 0.9, seller: 0.7 }, parseParty, 3) ?? blockOf(['shipper', 'exporter', 'seller']));
  set(fields, 'consignee', fromLabels(ctx, { consignee: 1 }, parseParty, 3) ?? blockOf(['consignee', 'ship_to']));
  set(fields, 'notify_party', fromLabels(ctx, { notify: 1 }, parseParty, 3) ?? blockOf(['notify']));
  if (!fields.shipper && !fields.consignee && !fields.notify_party) {
    const row = partiesInARow(blocks);
    PARTY_ORDER.forEach((name, i) => set(fields, name, row[i] ? fromBlock(row[i], 0.5) : null));
  }
  const named = [fields.shipper, fields.consignee, fields.notify_party].flatMap((f) => (f ? [String(f.value)] : []));
  // A carrier box read from nothing but words the reader could not read ('easel,' for a caption's
  // ghost) yields to the carrier the signature clause names.
  const boxed = fromLabels(ctx, { carrier: 1 }, parseParty, 2);
  const unread = boxed !== null && boxed.tokens.every((t) => t.confidence < UNREAD_BELOW);
  set(fields, 'carrier', (unread ? (signedForCarrier(ctx) ?? boxed) : (boxed ?? signedForCarrier(ctx))) ?? letterheadCarrier(ctx, named));

  // A voyage box that prints a name before the code is a 'Vessel / Voyage' box whose first caption
  // word went unread: the name is the vessel's.
  set(fields, 'vessel', fromLabels(ctx, { vessel: 1, vessel_voyage: 1, voyage: 0.8 }, parseVessel, 2));
  set(fields, 'voyage', fromLabels(ctx, { voyage: 1, vessel_voyage: 1, vessel: 0.9 }, parseVoyage, 2));

  set(fields, 'port_of_loading', fromLabels(ctx, { pol: 1 }, parseText, 2));
  set(fields, 'port_of_discharge', fromLabels(ctx, { pod: 1 }, parseText, 2));
  const onBoard = fromLabels(ctx, { on_board_date: 1 }, parseDate(ctx.dateOrder, ctx.dateOrderSure), 3);
  // Without an on-board notation, a "shipped on board" B/L is shipped on its date of issue (UCP 600 art. 20(a)(ii)).
  const issued = /shipped\s+(on\s+board|at\s+the\s+port)/i.test(ctx.text) ? fromLabels(ctx, { place_date_issue: 0.7 }, parseDate(ctx.dateOrder, ctx.dateOrderSure), 3) : null;
  set(fields, 'shipped_on_board_date', onBoard ?? issued);

  const c = cargo(ctx);
  // A cargo box whose headings went unread still names the goods above their HS code.
  set(fields, 'goods_description', c.description ?? goodsAboveHsCode(ctx));
  // The best labelled weight, compared with the cargo table's before any doubt from rival labels.
  const labelledGross = rankLabelled(ctx, { gross_weight: 1 }, parseWeightKg(ctx), 2)[0] ?? null;
  const totals = totalsLine(ctx);
  let gross = (c.grossKg && (!labelledGross || c.grossKg.score >= labelledGross.score) ? c.grossKg : labelledGross) ?? totals?.gross ?? null;
  let net = netWeight(ctx);
  // Gross weight is the net weight plus packing: a reading a thousand times off lost its decimal mark.
  let netKg = net ? toKilograms(Number(net.quantity.value), String(net.unit.value) as UnitCode) : null;
  // Which of the two lost it: no container carries more than about 32 t, so with the containers
  // known, the reading that puts more than that in them is the wrong one.
  const boxes = (containers(ctx)?.value as string[] | undefined)?.length ?? 0;
  const payload = boxes > 0 ? boxes * MAX_CONTAINER_KG : Infinity;
  if (gross && netKg) {
    const g = Number(gross.value);
    const fits = (grossKg: number, netKgValue: number): boolean => grossKg / netKgValue >= 1 && grossKg / netKgValue <= 1.5;
    for (const k of [1000, 1 / 1000]) {
      if (fits(g, netKg) || !fits(g / k, netKg)) continue;
      if (g / k <= payload) gross = { ...gross, value: Math.round((g / k) * 1000) / 1000, score: gross.score * 0.8 };
      else if (net && netKg * k <= payload && g <= payload) {
        // The net weight is the misread one: it and the quantity taken from it are scaled back.
        const value = Math.round((Number(net.quantity.value) * k) * 1000) / 1000;
        net = { quantity: { ...net.quantity, value, score: net.quantity.score * 0.8 }, unit: net.unit };
        netKg = Math.round(netKg * k * 1000) / 1000;
      }
    }
  }
  const labelledCount = fromLabels(ctx, { packages: 1 }, parsePackages(ctx), 2);
  const count = labelledCount ?? c.count ?? totals?.count ?? null;
  // Without a net weight to weigh it against, what the B/L counts bounds the gross weight: no
  // container carries more than about 32 t, and no bag, carton, bale, drum or pallet weighs tonnes.
  // A reading a thousand times over both lost its decimal mark ('14.335.500' on 285 bags).
  if (gross && netKg === null) {
    const g = Number(gross.value);
    const handled = count && HANDLED_PACKAGES.has(String(count.raw)) && Number(count.value) > 0 ? Number(count.value) * MAX_PACKAGE_KG : Infinity;
    const bound = Math.min(payload, handled);
    if (g > bound && g / 1000 <= bound) gross = { ...gross, value: Math.round(g) / 1000, score: gross.score * 0.8 };
  }
  set(fields, 'gross_weight_kg', gross);
  // Nor does a bag, carton or drum of goods weigh under a kilogram: a net weight that light for the
  // packages counted is a figure read in part ('76 kgs' of *18,869.76 kgs* split by the scan). It is
  // kept, but unsure: no check counts it against the invoice until a person confirms it.
  if (net && netKg !== null && count && HANDLED_PACKAGES.has(String(count.raw)) && Number(count.value) >= 10 && netKg < Number(count.value) * MIN_PACKAGE_KG) {
    net = { quantity: { ...net.quantity, score: net.quantity.score * 0.5 }, unit: { ...net.unit, score: net.unit.score * 0.5 } };
  }
  // Goods counted in pieces inside their packages ("522 CARTONS (31,320 PCS)") are sold by the
  // piece: the piece count is the quantity the invoice's is compared with, not the net weight.
  // The packages may be counted in the cargo box or only on the totals line ('TOTAL: 164 CARTONS').
  const pieces = c.packages?.raw === 'PCS' && count && count.raw !== 'PCS' && Number(count.value) !== Number(c.packages.value) ? c.packages : null;
  if (pieces) {
    set(fields, 'quantity', { ...pieces, raw: joinTokens(pieces.tokens) });
    set(fields, 'quantity_unit', { ...pieces, value: 'PCS', raw: joinTokens(pieces.tokens) });
  } else if (net) {
    set(fields, 'quantity', net.quantity);
    set(fields, 'quantity_unit', net.unit);
  } else if (c.bulk ?? (ctx.hits.some((h) => h.key === 'net_weight') ? null : c.packages)) {
    // No readable net weight: bulk cargo's tonnage, else the package count — but not when a net
    // weight is printed and could not be read: the convention asks for the weight, so the field
    // is left for a person rather than filled with a count.
    const q = (c.bulk ?? c.packages) as Found;
    set(fields, 'quantity', { ...q, raw: joinTokens(q.tokens) });
    set(fields, 'quantity_unit', { ...q, value: String(q.raw), raw: joinTokens(q.tokens) });
  }
  set(fields, 'container_numbers', containers(ctx));
  // What the B/L counts and weighs, kept apart from the comparable quantity above.
  if (netKg !== null && net) set(fields, 'net_weight_kg', { ...net.quantity, value: netKg });
  setPackages(fields, count);
  return fields;
}

/** A package count ('74 DRUMS') as `packages` and, when its kind was read, `package_unit`. */
export function setPackages(fields: Fields, count: Found | null): void {
  set(fields, 'packages', count);
  if (count?.raw && /^[A-Z]+$/.test(count.raw)) set(fields, 'package_unit', { ...count, value: count.raw });
}

/** A package count after a label: "2,000 BAGS", or a bare whole number ("# Pkgs: 10"). */
/** What follows a count of containers: "x 40'GP", "× 20' HC", "CNTR(S)", "containers". */
const CONTAINER_COUNT = /^\s*(?:[x×]\s*(?:20|40|45)\b|(?:[x×]\s*)?(?:cntrs?|containers?)\b)/i;

export const parsePackages =
  (ctx: Context): Parse =>
  (cand) => {
    const p = findPackages(cand.text, ctx.mark)[0];
    if (p) return { value: p.count, tokens: tokensIn(cand.tokens, p.index, p.index + p.raw.length), sure: 1, raw: p.unit };
    const n = findNumbers(cand.text, ctx.mark)[0];
    if (!n || !Number.isInteger(n.value) || n.value <= 0 || n.index > 2 || /\d\s*(kg|kgs|lbs?|mt|cbm|m3)\b/i.test(cand.text)) return null;
    // "2 X 40'GP", "1 x 20' container", "3 CNTRS": a count of containers, not of packages.
    if (CONTAINER_COUNT.test(cand.text.slice(n.index + n.raw.length))) return null;
    return { value: n.value, tokens: tokensIn(cand.tokens, n.index, n.index + n.raw.length), sure: 0.9, raw: '' };
  };

/**
 * The carrier's name as its letterhead prints it ("MAERSK", "FedEx Freight") at the top of the first
 * page, when no box or signature clause names the carrier: a B/L is issued on its carrier's form.
 */
function letterheadCarrier(ctx: Context, parties: readonly string[]): Found | null {
  const layout = ctx.layouts[0];
  if (!layout) return null;
  for (const line of layout.lines) {
    if (line.y0 > layout.height * 0.12) break;
    for (const seg of line.segments) {
      const title = compactTitle(seg.text);
      if (ctx.isLabel(seg) || TITLE_WORDS.test(title) || !isNameLine(seg.text)) continue;
      // The shipper's or consignee's name at the top is their block, not the carrier's letterhead.
      if (parties.some((p) => compactTitle(p) === title)) return null;
      return unlabelled(layout, seg.tokens, cleanPartyName(seg.text), 0.5, seg.text);
    }
  }
  return null;
}

// Words of a B/L's own title or status stamp ('DRAFT', 'SPECIMEN'), which are not the carrier's name.
const TITLE_WORDS = /billoflading|waybill|original|copy|nonnegotiable|negotiable|shortform|page|^draft$|^specimen$|^duplicate$|^triplicate$/;

/** The vessel's name from a vessel box, without a voyage printed with it. */
export const parseVessel: Parse = (cand, ctx, hit) => {
  const t = parseText(cand, ctx, hit);
  if (!t) return null;
  const { vessel, voyage } = splitVesselVoyage(String(t.value));
  // Under a voyage caption, only a name followed by its voyage (see extractBillOfLading).
  if (hit?.key === 'voyage' && !namedBeforeVoyage(vessel, voyage)) return null;
  const end = String(t.value).indexOf(vessel) + vessel.length;
  const tokens = tokensIn(cand.tokens, 0, cand.text.indexOf(vessel) + vessel.length);
  return vessel && end > 0 ? { value: vessel, tokens: tokens.length ? tokens : cand.tokens, sure: 1, raw: vessel } : null;
};

/** A vessel's name (two letters or more, no figure) split off before a voyage code. */
const namedBeforeVoyage = (vessel: string, voyage: string | null): boolean => voyage !== null && /\p{L}{2}/u.test(vessel) && !/\d/.test(vessel);

/** The voyage: a voyage box, or the voyage printed after the vessel ("V.042E", "/ 117W", "Voy. 03/2026"). */
export const parseVoyage: Parse = (cand, ctx, hit) => {
  const { vessel, voyage } = splitVesselVoyage(cand.text.trim());
  if (hit?.key === 'voyage' && !namedBeforeVoyage(vessel, voyage)) return parseReference(cand, ctx, hit);
  if (!voyage) return null;
  const start = cand.text.lastIndexOf(voyage);
  return { value: voyage, tokens: tokensIn(cand.tokens, start, start + voyage.length), sure: hit?.key === 'vessel' || hit?.key === 'voyage' ? 0.9 : 1, raw: voyage };
};

export const parseWeightKg = (ctx: Context): Parse => (cand, _c, hit) => {
  // No cargo weighs nothing: '00 KGS' is the tail of a weight whose figures went unread.
  const q = findQuantities(cand.text, ctx.mark).find((x) => (toKilograms(x.value, x.unit) ?? 0) > 0);
  if (q) {
    const kg = toKilograms(q.value, q.unit) ?? 0;
    return { value: kg, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.raw };
  }
  const n = findNumbers(cand.text, ctx.mark).find((x) => x.value > 0);
  const unit = hit ? (unitIn(hit.note) ?? unitIn(joinTokens(hit.segment.tokens.slice(0, hit.length)))) : null;
  if (!n || !unit) return null;
  const kg = toKilograms(n.value, unit);
  return kg === null ? null : { value: kg, tokens: tokensIn(cand.tokens, n.index, n.index + n.raw.length), sure: 0.9, raw: n.raw };
};

/**
 * The cargo's weight and package count on its totals line, for when no gross weight column or label
 * was read (a stamp over the column, a cell left unread) or no count was: *TOTAL: 328 BAGS 16'539.76
 * kgs*. A B/L's totals line sums the packages and what they weigh gross, so the line must count
 * packages before it states one weight, and name no net weight. Less sure than a figure under its
 * own caption.
 */
export function totalsLine(ctx: Context): { gross: Found; count: Found } | null {
  for (const layout of ctx.layouts) {
    for (const [li, line] of layout.lines.entries()) {
      const text = joinTokens(line.tokens);
      if (!/^\W*totals?\b/i.test(text) || /\bnet\b/i.test(text)) continue;
      const weights = findQuantities(text, ctx.mark).filter((q) => toKilograms(q.value, q.unit) !== null);
      const [weight] = weights;
      const packages = weight ? findPackages(text, ctx.mark).find((p) => p.index < weight.index) : undefined;
      if (weights.length !== 1 || !weight || !packages) continue;
      const kg = toKilograms(weight.value, weight.unit);
      if (kg === null || kg <= 0) continue;
      const tokens = tokensIn(line.tokens, weight.index, weight.index + weight.raw.length);
      return {
        gross: { value: kg, tokens, sure: weight.ambiguous ? 0.85 : 1, layout, score: 0.7, order: li, raw: weight.raw },
        count: { value: packages.count, tokens: tokensIn(line.tokens, packages.index, packages.index + packages.raw.length), sure: 1, layout, score: 0.7, order: li, raw: packages.unit },
      };
    }
  }
  return null;
}

/** The stated net weight ("NET WEIGHT: 74,250.000 KGS"): the B/L quantity for goods sold by weight. */
export function netWeight(ctx: Context): { quantity: Found; unit: Found } | null {
  const parse: Parse = (cand) => {
    const q = findQuantities(cand.text, ctx.mark).find((x) => (x.unit === 'MT' || x.unit === 'KG' || x.unit === 'LB') && x.value > 0);
    if (!q) return null;
    return { value: q.value, tokens: tokensIn(cand.tokens, q.index, q.index + q.raw.length), sure: q.ambiguous ? 0.85 : 1, raw: q.raw };
  };
  const q = fromLabels(ctx, { net_weight: 0.92 }, parse, 1);
  if (!q) return null;
  const unit = findQuantities(String(q.raw), ctx.mark)[0]?.unit;
  if (!unit) return null;
  return { quantity: q, unit: { ...q, value: unit, tokens: q.tokens.slice(-1) } };
}

/**
 * The carrier named in the signature clause: "signed for the carrier X", "X as carrier", "as agent
 * for X, the carrier" — read across a wrapped line too.
 */
export function signedForCarrier(ctx: Context): Found | null {
  const patterns = [
    /(?:signed\s+(?:for|on\s+behalf\s+of)|for\s+and\s+on\s+behalf\s+of)\s+(?:the\s+)?carrier\s*:?\s*(.+)$/i,
    /as\s+agents?\s+(?:only\s+)?for\s+(?!the\s+carrier)(.+?),?\s+(?:the\s+carrier|as\s+carrier)\b/i,
    /signed\s+(?:for|by)\s+(.+?)\s+as\s+carrier\b/i,
  ];
  for (const layout of ctx.layouts) {
    for (let li = 0; li < layout.lines.length; li++) {
      for (const seg of layout.lines[li]?.segments ?? []) {
        // The clause may wrap: read the segment with the one below it in the same column.
        const below = layout.lines[li + 1]?.segments.find((o) => overlapX(o, seg) > 0 && Math.abs(o.x0 - seg.x0) < layout.em * 2);
        for (const tokens of [seg.tokens, below ? [...seg.tokens, ...below.tokens] : null]) {
          if (!tokens) continue;
          const text = joinTokens(tokens);
          for (const re of patterns) {
            const m = re.exec(text);
            if (!m?.[1]) continue;
            const name = m[1].replace(/,?\s+(?:as\s+agents?.*|by\s+.*)$/i, '').replace(/,\s*[A-Z][a-z]+$/, '').trim();
            if (!isPartyName(name)) continue;
            const start = text.indexOf(name);
            return unlabelled(layout, tokensIn(tokens, start, start + name.length), name, 0.7, name);
          }
        }
      }
    }
  }
  return null;
}
