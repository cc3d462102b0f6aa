/**
 * Duplicates and double financing. Each rule keys receivables by a hash-friendly string (file
 * hash, supplier + number + year, buyer + amount, B/L number) so that only receivables sharing a
 * key are ever compared: linear in the number of receivables, never pairwise over all of them.
 */
import { toMinor } from '../../../shared/checks';
import type { Evidence } from '../../../shared/checks';
import { isoFromDay } from '../dates';
import { fieldEvidence, documentEvidence } from '../evidence';
import { compactId, currencyOf, derivedOf, invoiceNumberKey, keyWords, normalizedName, numberOf, sameName, textOf } from '../facts';
import { editDistance } from '../names';
import { fmtMoney } from '../format';
import type { FindingDraft, GroupRule, ReceivableFacts, ReceivableRule } from '../types';

const NONE: readonly FindingDraft[] = [];

const byId = (a: ReceivableFacts, b: ReceivableFacts): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

const describe = (r: ReceivableFacts): string => `invoice ${textOf(r.invoice, 'invoice_number') ?? '(no number)'} (${r.invoice.fileName}, receivable ${r.id})`;
const list = (rs: readonly ReceivableFacts[]): string => rs.map(describe).join('; ');

/** One finding per member naming the others, for groups whose members are all duplicates of each other. */
const everyOther = (
  key: string,
  members: readonly ReceivableFacts[],
  message: (r: ReceivableFacts, others: readonly ReceivableFacts[]) => string,
  evidence: (r: ReceivableFacts) => Evidence,
): FindingDraft[] => {
  if (members.length < 2) return [];
  // Sorted by id, so the result does not depend on the order members joined the group.
  const sorted = [...members].sort(byId);
  return sorted.map((r) => {
    const others = sorted.filter((o) => o !== r);
    return { receivableId: r.id, key, message: message(r, others), evidence: [evidence(r), ...others.slice(0, 10).map(evidence)] };
  });
};

export const sameBytes: GroupRule = {
  id: 'duplicate.same_bytes',
  title: 'Invoice file not used twice',
  category: 'duplicate',
  reference: null,
  severity: 'fail',
  scope: 'group',
  minMembers: 2,
  groupKeys: (r) => r.invoice.sha256 || null,
  checkGroup: (key, members) =>
    everyOther('', members, (_r, others) => `The invoice file is byte-for-byte the same (SHA-256 ${key.slice(0, 12)}…) as ${list(others)}.`, (r) => documentEvidence(r.invoice, 'Invoice file')),
};

const invoiceNumberOf = (r: ReceivableFacts): string => textOf(r.invoice, 'invoice_number') ?? '';
const yearOf = (r: ReceivableFacts): string => textOf(r.invoice, 'issue_date')?.slice(0, 4) ?? 'an unknown year';

/**
 * Whether two receivables name the same party: the same matched counterparty or the same printed
 * name ('same'); names a few OCR slips apart, or one side not matched and not read ('alike'); else
 * 'different'. A photo of an invoice whose seller OCR misread still meets the PDF it copies.
 */
type Relation = 'same' | 'alike' | 'different';
function partyRelation(aId: string | null, aName: string | null, bId: string | null, bName: string | null): Relation {
  if (aId !== null && bId !== null) return aId === bId ? 'same' : 'different';
  if (aName && bName) {
    if (sameName(aName, bName)) return 'same';
    // Word by word, each a slip or two apart: a legal form OCR mangled ("C0MPANY") is not stripped
    // by normalization, so the shorter name's words must all be found in the longer one.
    const [x, y] = [normalizedName(aName).split(' '), normalizedName(bName).split(' ')];
    const [short, long] = x.length <= y.length ? [x, y] : [y, x];
    if (short.join('').length < 4) return 'different';
    const found = short.every((w) => long.some((v) => editDistance(w, v, Math.floor(Math.max(w.length, v.length) / 5)) <= Math.floor(Math.max(w.length, v.length) / 5)));
    return found ? 'alike' : 'different';
  }
  return 'alike';
}

const sellerRelation = (a: ReceivableFacts, b: ReceivableFacts): Relation => partyRelation(a.supplierId, textOf(a.invoice, 'seller'), b.supplierId, textOf(b.invoice, 'seller'));
const buyerRelation = (a: ReceivableFacts, b: ReceivableFacts): Relation => partyRelation(a.buyerId, textOf(a.invoice, 'buyer'), b.buyerId, textOf(b.invoice, 'buyer'));

/** Members joined by a relation other than 'different', as clusters (union-find over the pairs). */
function clusters(members: readonly ReceivableFacts[], relation: (a: ReceivableFacts, b: ReceivableFacts) => Relation): ReceivableFacts[][] {
  const parent = members.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) if (relation(members[i]!, members[j]!) !== 'different') parent[find(i)] = find(j);
  const out = new Map<number, ReceivableFacts[]>();
  members.forEach((r, i) => {
    const root = find(i);
    const c = out.get(root);
    if (c) c.push(r);
    else out.set(root, [r]);
  });
  return [...out.values()].filter((c) => c.length > 1);
}

export const invoiceNumber: GroupRule = {
  id: 'duplicate.invoice_number',
  title: 'Invoice number not used twice by the same supplier',
  category: 'duplicate',
  reference: null,
  severity: 'fail',
  scope: 'group',
  minMembers: 2,
  // Keyed by the number's digits as OCR may have misread them, so that a scan reading
  // "SPRIEX/2026/O167" meets the "SPR/EX/2026/0167" it copies; numbers printed alike fail, numbers
  // that only read alike warn. The seller is compared inside the group, OCR-tolerantly, so a photo
  // whose seller was misread (and matched no supplier) still meets the original.
  groupKeys: (r) => {
    const number = textOf(r.invoice, 'invoice_number');
    if (!number) return null;
    const issue = textOf(r.invoice, 'issue_date');
    return `${invoiceNumberKey(number)}|${issue ? issue.slice(0, 4) : '?'}`;
  },
  checkGroup: (_key, members) => {
    if (members.length < 2) return NONE;
    const out: FindingDraft[] = [];
    for (const cluster of clusters([...members].sort(byId), sellerRelation)) {
      const byNumber = new Map<string, ReceivableFacts[]>();
      for (const r of cluster) {
        const number = compactId(invoiceNumberOf(r));
        const same = byNumber.get(number);
        if (same) same.push(r);
        else byNumber.set(number, [r]);
      }
      // Sellers only alike (a misread name, one not matched): the same invoice likely, to confirm.
      const sure = cluster.every((a) => cluster.every((b) => a === b || sellerRelation(a, b) === 'same'));
      for (const same of byNumber.values()) {
        for (const draft of everyOther(
          '',
          same,
          (r, others) =>
            `The same seller's invoice number ${invoiceNumberOf(r)} of ${yearOf(r)} is also ${list(others)}: the same receivable offered twice (double financing).${sure ? '' : ` The sellers read differently (${[...new Set(same.map((o) => textOf(o.invoice, 'seller') ?? '(none read)'))].join(' / ')}): confirm they are one supplier.`}`,
          (r) => fieldEvidence(r.invoice, 'invoice_number', `Invoice number (${r.id})`),
        )) out.push(sure ? draft : { ...draft, severity: 'warn' });
      }
      if (byNumber.size === 1) continue;
      for (const [number, same] of byNumber) {
        const alike = [...byNumber].filter(([other]) => other !== number).flatMap(([, rs]) => rs);
        for (const r of same) {
          out.push({
            receivableId: r.id,
            key: 'lookalike',
            severity: 'warn',
            message: `The same seller's invoice number ${invoiceNumberOf(r)} of ${yearOf(r)} reads like ${list(alike)} once separators and letters OCR takes for digits are set aside: the same invoice misread, or two invoices numbered alike? Compare the documents.`,
            evidence: [fieldEvidence(r.invoice, 'invoice_number', `Invoice number (${r.id})`), ...alike.slice(0, 10).map((o) => fieldEvidence(o.invoice, 'invoice_number', `Reads alike (${o.id})`))],
          });
        }
      }
    }
    return out;
  },
};

/**
 * Whether two invoices of one amount in cents state it in one currency: the same currency to its
 * minor unit, or a currency not read on one of them (a photo's), which cannot tell them apart.
 */
function sameFace(a: ReceivableFacts, b: ReceivableFacts): boolean {
  const [x, y] = [derivedOf(a), derivedOf(b)];
  if (x.currency === null || y.currency === null) return true;
  return x.currency === y.currency && x.amount !== null && y.amount !== null && toMinor(x.amount, x.currency) === toMinor(y.amount, y.currency);
}

export const nearDuplicate: GroupRule = {
  id: 'duplicate.near_duplicate',
  title: 'No near-duplicate invoice',
  category: 'duplicate',
  reference: null,
  severity: 'warn',
  scope: 'group',
  minMembers: 2,
  // Keyed by the amount in cents only: the buyer and the currency are compared inside the group,
  // OCR-tolerantly, so an invoice re-issued with a new date and photographed (its buyer misread,
  // its currency not read) meets the original.
  groupKeys: (r) => {
    const { amount } = derivedOf(r);
    return amount === null ? null : String(Math.round(amount * 100));
  },
  checkGroup: (_key, members, ctx) => {
    if (members.length < 2) return [];
    const days = ctx.policy.duplicates.nearDuplicateDays;
    const minConfidence = ctx.policy.dataQuality.minConfidence;
    // A date read unsurely and not confirmed (a photo's '10' for '09') cannot place an invoice in
    // or out of the window: such an invoice is compared with every other of its amount and buyer.
    const sureDay = (r: ReceivableFacts): number | null => {
      const { issueDay, issueConfidence } = derivedOf(r);
      return issueConfidence < minConfidence ? null : issueDay;
    };
    const dated = members.map((r) => ({ r, day: sureDay(r) })).filter((m): m is { r: ReceivableFacts; day: number } => m.day !== null);
    dated.sort((a, b) => a.day - b.day || byId(a.r, b.r));
    const out: FindingDraft[] = [];
    for (let i = 0; i < dated.length; i += 1) {
      const { r, day } = dated[i]!;
      const near: ReceivableFacts[] = [];
      const consider = (o: ReceivableFacts): void => {
        if (buyerRelation(r, o) !== 'different' && sameFace(r, o)) near.push(o);
      };
      for (let j = i - 1; j >= 0 && dated[i]!.day - dated[j]!.day <= days; j -= 1) consider(dated[j]!.r);
      for (let j = i + 1; j < dated.length && dated[j]!.day - dated[i]!.day <= days; j += 1) consider(dated[j]!.r);
      if (near.length === 0) continue;
      const amount = numberOf(r.invoice, 'total_amount') ?? 0;
      // The same goods strengthen the case: a re-issue of one invoice rather than a repeat order.
      const goods = keyWords(textOf(r.invoice, 'goods_description') ?? '');
      const sameGoods = near.filter((o) => [...keyWords(textOf(o.invoice, 'goods_description') ?? '')].some((w) => goods.has(w)));
      out.push({
        receivableId: r.id,
        key: '',
        message: `Same buyer, same amount ${fmtMoney(amount, currencyOf(r))} and an invoice date within ${days} days of ${isoFromDay(day)}: ${list(near)}.${sameGoods.length ? ` The goods correspond too (${list(sameGoods)}): likely the same invoice re-issued.` : ''} Check that these are different shipments.`,
        evidence: [fieldEvidence(r.invoice, 'total_amount', 'Amount'), ...near.slice(0, 10).map((o) => fieldEvidence(o.invoice, 'total_amount', `Same amount (${o.id})`))],
      });
    }
    if (dated.length === members.length) return out;
    // Each pair with an invoice whose date is unknown is named on both: whether it falls within the
    // window cannot be told, so a person looks (a warn, never a fail).
    const undated = new Set(members.filter((r) => !dated.some((m) => m.r === r)));
    const partners = new Map<ReceivableFacts, ReceivableFacts[]>();
    const sorted = [...members].sort(byId);
    for (const r of sorted) {
      if (!undated.has(r)) continue;
      for (const o of sorted) {
        if (o === r || (undated.has(o) && byId(o, r) < 0) || buyerRelation(r, o) === 'different' || !sameFace(r, o)) continue;
        (partners.get(r) ?? partners.set(r, []).get(r)!).push(o);
        (partners.get(o) ?? partners.set(o, []).get(o)!).push(r);
      }
    }
    for (const r of sorted) {
      const near = partners.get(r);
      if (!near?.length) continue;
      const unsure = [r, ...near].filter((x) => undated.has(x));
      const dates = unsure.map((x) => {
        const field = x.invoice.fields.issue_date;
        const read = textOf(x.invoice, 'issue_date');
        return `${describe(x)}: ${read === null || !field ? 'not read' : `read as ${read} with ${Math.round(field.confidence * 100)} % confidence`}`;
      });
      out.push({
        receivableId: r.id,
        key: 'undated',
        severity: 'warn',
        message: `Same buyer and same amount ${fmtMoney(numberOf(r.invoice, 'total_amount') ?? 0, currencyOf(r))} as ${list(near)}, and an invoice date that cannot place them within ${days} days of each other or apart (${dates.join('; ')}). Confirm the invoice date${unsure.length > 1 ? 's' : ''}, and check that these are different shipments, not one invoice re-issued.`,
        evidence: [fieldEvidence(r.invoice, 'total_amount', 'Amount'), ...unsure.slice(0, 10).map((x) => fieldEvidence(x.invoice, 'issue_date', `Invoice date (${x.id})`)), ...near.slice(0, 10).map((o) => fieldEvidence(o.invoice, 'total_amount', `Same amount (${o.id})`))],
      });
    }
    return out;
  },
};

export const sharedBl: GroupRule = {
  id: 'duplicate.shared_bl',
  title: 'One bill of lading finances one invoice',
  category: 'duplicate',
  reference: null,
  severity: 'fail',
  scope: 'group',
  minMembers: 2,
  groupKeys: (r) => {
    const cited = textOf(r.invoice, 'bl_number');
    // The common case: one B/L, whose number the invoice cites as printed.
    if (cited && r.bls.length === 1 && textOf(r.bls[0], 'bl_number') === cited) return `bl:${compactId(cited)}`;
    const keys: string[] = [];
    for (const bl of r.bls) {
      const number = textOf(bl, 'bl_number');
      keys.push(number ? `bl:${compactId(number)}` : `doc:${bl.documentId}`);
    }
    // The B/L the invoice cites counts even when it is not linked (R11 offering R05's shipment again).
    if (cited) {
      const key = `bl:${compactId(cited)}`;
      if (!keys.includes(key)) keys.push(key);
    }
    return keys;
  },
  checkGroup: (key, members) =>
    everyOther(
      key,
      members,
      (_r, others) => `${key.startsWith('bl:') ? `B/L ${key.slice(3)}` : 'The same B/L document'} also backs ${list(others)}: one shipment financed twice.`,
      (r) => {
        const bl = r.bls.find((b) => (key.startsWith('bl:') ? compactId(textOf(b, 'bl_number') ?? '') === key.slice(3) : b.documentId === key.slice(4)));
        return bl ? fieldEvidence(bl, 'bl_number', `B/L (${r.id})`) : fieldEvidence(r.invoice, 'bl_number', `B/L cited (${r.id})`);
      },
    ),
};

export const foreignFingerprint: ReceivableRule = {
  id: 'duplicate.foreign_fingerprint',
  title: 'Not financed elsewhere (fingerprint)',
  category: 'duplicate',
  reference: null,
  severity: 'fail',
  scope: 'receivable',
  check: (r, ctx) => {
    if (r.fingerprint === null) {
      if (ctx.foreignFingerprints.size === 0) return NONE;
      const f = r.invoice.fields;
      const unread = (['seller', 'buyer', 'invoice_number', 'issue_date', 'total_amount', 'currency'] as const).filter((name) => f[name] === undefined).map((name) => name.replace('_', ' '));
      return [{ receivableId: r.id, key: '', severity: 'info', message: `Could not compare with the fingerprints imported from co-managers: ${unread.join(', ') || 'a part of the fingerprint'} not read.`, evidence: [fieldEvidence(r.invoice, 'invoice_number', 'Invoice number')] }];
    }
    const source = ctx.foreignFingerprints.get(r.fingerprint);
    if (source === undefined) return NONE;
    return [{
      receivableId: r.id,
      key: '',
      message: `The fingerprint of this invoice (seller, buyer, number, date, amount, currency) matches one imported from ${source}: it is already financed there.`,
      evidence: [fieldEvidence(r.invoice, 'invoice_number', 'Invoice number'), fieldEvidence(r.invoice, 'total_amount', 'Amount')],
    }];
  },
};

export const DUPLICATE_RULES = [sameBytes, invoiceNumber, nearDuplicate, sharedBl, foreignFingerprint] as const;
