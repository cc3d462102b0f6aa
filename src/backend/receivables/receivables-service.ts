import type { FieldName, FieldValue } from '../../shared/documents';
import type { LinkMethod, ReceivableDetail, ReceivableStatus, ReceivableSummary } from '../../shared/checks';
import { STATUS_LABELS, STATUS_TRANSITIONS, toMinor } from '../../shared/checks';
import type { Role } from '../../shared/model';
import type { Policy } from '../../shared/policy';
import { err, ok } from '../../shared/result';
import type { Result } from '../../shared/result';
import { createPartyMatcher, foldPartyName } from '../../core/checks/names';
import { citedNumber, numberKey, planLinks } from '../../core/receivables/linking';
import type { BlSide, InvoiceSide, LinkCandidate, LinkingOptions } from '../../core/receivables/linking';
import { appendAudit } from '../audit/audit-log';
import { listCounterparties } from '../counterparties/counterparties-repo';
import type { Database } from '../db/database';
import { getDocumentRow } from '../documents/documents-repo';
import type { EventBus } from '../events';
import { listFindings, waivedKeys } from '../checks/findings-repo';
import { currentPolicy } from '../policy/policy-service';
import { requireRole } from '../services/session';
import type { ActivePerson, SessionState } from '../services/session';
import type { Workspace } from '../workspace';
import {
  allLinks,
  billsOfLading,
  billsOfLadingAround,
  excludeLink,
  getLink,
  getReceivableRow,
  insertReceivable,
  invoicesWithoutReceivable,
  linkableReceivables,
  linkedDocuments,
  linksAround,
  listReceivableSummaries,
  currentValues,
  receivablesAround,
  refreshSummaries,
  setReceivableStatus,
  storedValues,
  unsureKey,
  updateTerms,
  upsertLink,
} from './receivables-repo';
import type { ReceivableFilter, ReceivableRow, ValuesSource } from './receivables-repo';

const EDITORS: readonly Role[] = ['analyst', 'risk_officer'];
const READERS: readonly Role[] = ['field_verifier', 'analyst', 'risk_officer', 'committee_member'];

export type ReceivablesContext = {
  readonly ws: Workspace;
  readonly session: SessionState;
  readonly bus: EventBus;
  /** Re-evaluates receivables after an edit (the check service's incremental path). */
  readonly recheck: (ids: readonly string[]) => void;
};

const notFound = <T>(): Result<T> =>
  err('RECEIVABLE.NOT_FOUND', 'That receivable is not in this workspace (it may have been opened in another workspace).');

export { listReceivableSummaries } from './receivables-repo';

// ---------------------------------------------------------------------------------------------
// Automatic building and linking

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

type Link = { receivableId: string; documentId: string; method: LinkMethod; score: number; reasons: readonly string[] };

const INVOICE_LINK_FIELDS = ['container_numbers', 'seller', 'buyer', 'goods_description', 'issue_date', 'quantity', 'quantity_unit', 'invoice_number', 'incoterm_place', 'vessel', 'port_of_loading', 'port_of_discharge'] as const;
const BL_LINK_FIELDS = ['bl_number', 'container_numbers', 'shipper', 'consignee', 'notify_party', 'goods_description', 'shipped_on_board_date', 'quantity', 'quantity_unit', 'net_weight_kg', 'gross_weight_kg', 'packages', 'invoice_number', 'port_of_loading', 'port_of_discharge', 'vessel'] as const;
/** Every document field building and linking receivables reads (a change of any other skips that step). */
export const LINK_FIELDS: readonly FieldName[] = [...new Set<FieldName>(['bl_number', ...INVOICE_LINK_FIELDS, ...BL_LINK_FIELDS])];

/**
 * Linking around the documents whose B/L number changed, when nothing else linking reads did but
 * unpaired documents' fields: what it proposes equals linking everything, since every other
 * receivable holds its B/L and cites a number whose printers did not change.
 */
export type LinkScope = {
  /** Documents whose B/L number changed since linking last ran. */
  readonly changed: readonly string[];
  /** The B/L number of every usable document of a kind, as the run read it. */
  readonly numbers: (kind: 'invoice' | 'bill_of_lading') => Iterable<readonly [string, FieldValue | undefined]>;
};

const text = (value: FieldValue | undefined): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * The receivables and B/Ls linking around changed B/L numbers looks at: those still unpaired, the
 * changed documents (a changed invoice's receivable), the invoices citing a changed B/L's new number,
 * and the B/Ls printing a number any of those receivables cites.
 */
function scopedSides(db: Database, scope: LinkScope, source: ValuesSource): { receivables: { id: string; invoice_document_id: string; bl_number: FieldValue | null }[]; bls: { id: string; bl_number: FieldValue | null }[] } {
  // The number keys the changed documents carry now (as printed, and as an invoice would cite them):
  // a superset is harmless, it only brings more receivables into the scope.
  const keys = (value: FieldValue | null | undefined): string[] =>
    [text(value ?? undefined), citedNumber(text(value ?? undefined))].filter((n): n is string => n !== null).map(numberKey);
  const newNumbers = new Set([...source(scope.changed, ['bl_number']).values()].flatMap((v) => keys(v.bl_number)));
  const invoices = new Set(scope.changed);
  if (newNumbers.size > 0) {
    for (const [id, value] of scope.numbers('invoice')) {
      const cited = citedNumber(text(value));
      if (cited && newNumbers.has(numberKey(cited))) invoices.add(id);
    }
  }
  const rows = receivablesAround(db, [...invoices]);
  const numbers = source(rows.map((r) => r.invoice_document_id), ['bl_number']);
  const receivables = rows.map((r) => ({ ...r, bl_number: numbers.get(r.invoice_document_id)?.bl_number ?? null }));
  const citing = new Set(receivables.map((r) => citedNumber(text(r.bl_number ?? undefined))).filter((n): n is string => n !== null).map(numberKey));
  const printing: string[] = [];
  for (const [id, value] of scope.numbers('bill_of_lading')) {
    const number = text(value);
    if (number && citing.has(numberKey(number))) printing.push(id);
  }
  const blIds = billsOfLadingAround(db, printing);
  const blNumbers = source(blIds, ['bl_number']);
  return { receivables, bls: blIds.map((id) => ({ id, bl_number: blNumbers.get(id)?.bl_number ?? null })) };
}

/** The words of documents' pages, folded as linking compares names (`foldPartyName`), one text per document. */
function pageTexts(db: Database, ids: readonly string[]): Map<string, string> {
  const texts = new Map<string, string>();
  if (ids.length === 0) return texts;
  const rows = db.prepare('SELECT document_id, words FROM document_pages WHERE document_id IN (SELECT value FROM json_each(?)) ORDER BY document_id, n').raw().all(JSON.stringify(ids)) as [string, string][];
  for (const [id, words] of rows) {
    const text = foldPartyName((JSON.parse(words) as { text: string }[]).map((w) => w.text).join(' '));
    texts.set(id, texts.has(id) ? `${texts.get(id)} ${text}` : text);
  }
  return texts;
}

/**
 * What linking weighs, read from the workspace: every linkable receivable's invoice and every B/L
 * with its number (or, given a scope, those around the changed B/L numbers); the rest of the fields
 * only where they can matter (receivables without a B/L, B/Ls no receivable holds).
 */
function linkingInputs(
  db: Database,
  policy: Policy,
  only?: string,
  source: ValuesSource = storedValues(db),
  scope?: LinkScope,
): { invoices: InvoiceSide[]; bls: BlSide[]; options: LinkingOptions } {
  const around = scope ? scopedSides(db, scope, source) : null;
  const receivables = around ? around.receivables : linkableReceivables(db, source).filter((r) => only === undefined || r.id === only);
  const bls = around ? around.bls : billsOfLading(db, source);
  const links = around ? linksAround(db, receivables.map((r) => r.id), bls.map((bl) => bl.id)) : allLinks(db);
  const known = new Set(links.map((l) => `${l.receivable_id}\u0000${l.document_id}`));
  const active = links.filter((l) => l.excluded === 0);
  const holding = new Set(active.map((l) => l.receivable_id));
  const held = new Set(active.map((l) => l.document_id));
  const wanted = [...receivables.filter((r) => !holding.has(r.id)).map((r) => r.invoice_document_id), ...bls.filter((bl) => !held.has(bl.id)).map((bl) => bl.id)];
  const unsure = new Set<string>();
  const values: Map<string, Partial<Record<string, unknown>>> = source(wanted, [...new Set([...INVOICE_LINK_FIELDS, ...BL_LINK_FIELDS])], unsure);
  const anyUnsure = (id: string, names: readonly FieldName[]): boolean => names.some((n) => unsure.has(unsureKey(id, n)));
  const { suppliers, buyers } = listCounterparties(db);
  const supplierOf = createPartyMatcher(suppliers);
  const buyerOf = createPartyMatcher(buyers);
  const invoices: InvoiceSide[] = receivables.map((r) => {
    const f = values.get(r.invoice_document_id) ?? {};
    return {
      receivableId: r.id,
      documentId: r.invoice_document_id,
      blNumber: str(r.bl_number),
      containers: list(f.container_numbers),
      seller: str(f.seller),
      buyer: str(f.buyer),
      goods: str(f.goods_description),
      issueDate: str(f.issue_date),
      quantity: num(f.quantity),
      quantityUnit: str(f.quantity_unit),
      number: str(f.invoice_number),
      incotermPlace: str(f.incoterm_place),
      vessel: str(f.vessel),
      portOfLoading: str(f.port_of_loading),
      portOfDischarge: str(f.port_of_discharge),
      quantityUnsure: anyUnsure(r.invoice_document_id, ['quantity']),
    };
  });
  // The folded text of an unpaired B/L whose number, invoice number, vessel or a port was not read as
  // a field, read only when an invoice's numbers, vessel or ports are looked for in it (thousands of unpaired B/Ls cost nothing else).
  const texts = new Map<string, string | null>();
  const textOf = (id: string): string | null => {
    if (!texts.has(id)) texts.set(id, pageTexts(db, [id]).get(id) ?? null);
    return texts.get(id)!;
  };
  const sides: BlSide[] = bls.map((bl) => {
    const f = values.get(bl.id) ?? {};
    const searchable = !held.has(bl.id) && (!str(bl.bl_number) || !str(f.invoice_number) || !str(f.vessel) || !str(f.port_of_loading) || !str(f.port_of_discharge));
    return {
      documentId: bl.id,
      blNumber: str(bl.bl_number),
      containers: list(f.container_numbers),
      shipper: str(f.shipper),
      consignee: str(f.consignee),
      notifyParty: str(f.notify_party),
      goods: str(f.goods_description),
      onBoardDate: str(f.shipped_on_board_date),
      quantity: num(f.quantity),
      quantityUnit: str(f.quantity_unit),
      netWeightKg: num(f.net_weight_kg),
      grossWeightKg: num(f.gross_weight_kg),
      packages: num(f.packages),
      invoiceNumber: str(f.invoice_number),
      portOfLoading: str(f.port_of_loading),
      portOfDischarge: str(f.port_of_discharge),
      vessel: str(f.vessel),
      get text() {
        return searchable ? textOf(bl.id) : null;
      },
      quantityUnsure: anyUnsure(bl.id, ['quantity', 'net_weight_kg', 'gross_weight_kg', 'packages']),
      blNumberUnsure: anyUnsure(bl.id, ['bl_number']),
    };
  });
  const { maxDaysShipmentBeforeInvoice, maxDaysShipmentAfterInvoice } = policy.documents;
  return {
    invoices,
    bls: sides,
    options: {
      supplierOf: (name) => supplierOf(name)?.id ?? null,
      buyerOf: (name) => buyerOf(name)?.id ?? null,
      daysBefore: maxDaysShipmentBeforeInvoice,
      daysAfter: maxDaysShipmentAfterInvoice,
      known,
      holding,
      held,
    },
  };
}

/**
 * Which bills of lading to link automatically (see core/receivables/linking): a cited B/L number,
 * compared OCR-tolerantly; else shared containers; else a clear winner on parties, goods, quantity
 * and dates. A link a person removed is never proposed again.
 */
export function proposeLinks(db: Database, policy: Policy, source?: ValuesSource, scope?: LinkScope): Link[] {
  const { invoices, bls, options } = linkingInputs(db, policy, undefined, source, scope);
  if (!invoices.length || !bls.length) return [];
  return planLinks(invoices, bls, options).links.map((l) => ({
    receivableId: l.receivableId,
    documentId: l.documentId,
    method: l.how === 'bl_number' ? 'bl_number' : 'match',
    score: l.score,
    reasons: l.reasons,
  }));
}

/** The B/Ls that may evidence a receivable that has none, best first, with their scores and reasons. */
export function linkCandidates(db: Database, policy: Policy, receivableId: string): LinkCandidate[] {
  const { invoices, bls, options } = linkingInputs(db, policy, receivableId);
  if (!invoices.length || options.holding.has(receivableId)) return [];
  const plan = planLinks(invoices, bls, options);
  return [...plan.links.filter((l) => l.receivableId === receivableId), ...(plan.offers.get(receivableId) ?? [])].slice(0, 3);
}

// ---------------------------------------------------------------------------------------------

export type SyncResult = { readonly created: number; readonly linked: number; readonly ids: readonly string[] };

/**
 * One receivable per read invoice that has none, then automatic B/L links; each creation and
 * link audited, all in one transaction. Runs as the given person. `source` gives the documents'
 * current values when the caller has them already (read after anything that could change them);
 * `scope` links around changed B/L numbers only (see `LinkScope`).
 */
export function syncReceivablesAs(ws: Workspace, actor: string, source?: ValuesSource, scope?: LinkScope): SyncResult {
  const { db } = ws;
  const policy = currentPolicy(db, ws.clock).policy;
  return db
    .transaction((): SyncResult => {
      const at = ws.clock().toISOString();
      const touched = new Set<string>();
      let created = 0;
      for (const invoice of invoicesWithoutReceivable(db)) {
        const id = ws.ids('rcv');
        insertReceivable(db, { id, invoiceDocumentId: invoice.id, at, by: actor });
        appendAudit(db, { at, actor, action: 'receivable.created', entity: 'receivable', entityId: id, details: { invoiceDocumentId: invoice.id, fileName: invoice.file_name } });
        touched.add(id);
        created += 1;
      }
      const links = proposeLinks(db, policy, source, scope);
      const named = db.prepare('SELECT file_name FROM documents WHERE id = ?').pluck();
      const names = new Map(links.map((l) => [l.documentId, named.get(l.documentId) as string | undefined]));
      for (const link of links) {
        upsertLink(db, { ...link, at, by: actor });
        appendAudit(db, {
          at,
          actor,
          action: 'receivable.linked',
          entity: 'receivable',
          entityId: link.receivableId,
          details: { documentId: link.documentId, fileName: names.get(link.documentId) ?? null, method: link.method, score: link.score, reasons: link.reasons },
        });
        touched.add(link.receivableId);
      }
      refreshSummaries(db, [...touched]);
      return { created, linked: links.length, ids: [...touched] };
    })
    .immediate();
}

/** `receivables.sync`: build and link receivables now (analysts and risk officers). */
export function syncReceivables(ctx: ReceivablesContext): Result<{ created: number; linked: number }> {
  const person = requireRole(ctx.session, EDITORS, 'build receivables');
  if (!person.ok) return person;
  const result = syncReceivablesAs(ctx.ws, person.value.profile.id);
  if (result.ids.length > 0) {
    ctx.recheck(result.ids);
    ctx.bus.emit('receivables.changed', { ids: result.ids });
  }
  return ok({ created: result.created, linked: result.linked });
}

// ---------------------------------------------------------------------------------------------
// Reading

/** Receivables with their finding counts, newest first. */
export function listReceivables(ctx: ReceivablesContext, filter: ReceivableFilter): Result<ReceivableSummary[]> {
  const person = requireRole(ctx.session, READERS, 'see receivables');
  return person.ok ? ok(listReceivableSummaries(ctx.ws.db, filter)) : person;
}

/** One receivable with its documents and findings (waiver state included). */
export function receivableDetail(db: Database, id: string): ReceivableDetail | undefined {
  const row = getReceivableRow(db, id);
  const summary = row && listReceivableSummaries(db, { ids: [id] })[0];
  if (!row || !summary) return undefined;
  const names = new Map((db.prepare("SELECT id, file_name FROM documents WHERE kind = 'bill_of_lading'").raw().all() as [string, string][]));
  return {
    ...summary,
    documents: linkedDocuments(db, row),
    linkCandidates: linkCandidates(db, currentPolicy(db).policy, id).map((c) => ({ documentId: c.documentId, fileName: names.get(c.documentId) ?? c.documentId, score: c.score, how: c.how, reasons: c.reasons })),
    findings: listFindings(db, { receivableId: id, limit: 100_000 }),
    inputsHash: row.inputs_hash,
  };
}

export function getReceivable(ctx: ReceivablesContext, id: string): Result<ReceivableDetail> {
  const person = requireRole(ctx.session, READERS, 'see receivables');
  if (!person.ok) return person;
  const detail = receivableDetail(ctx.ws.db, id);
  return detail ? ok(detail) : notFound();
}

// ---------------------------------------------------------------------------------------------
// Editing

/** Runs an audited change to one receivable in a transaction, then re-checks it and returns it. */
function editReceivable(
  ctx: ReceivablesContext,
  id: string,
  doing: string,
  change: (person: ActivePerson, row: ReceivableRow, at: string) => Result<{ action: string; details: Record<string, unknown>; recheck: boolean }>,
): Result<ReceivableDetail> {
  const person = requireRole(ctx.session, EDITORS, doing);
  if (!person.ok) return person;
  const row = getReceivableRow(ctx.ws.db, id);
  if (!row) return notFound();
  const outcome = ctx.ws.db
    .transaction(() => {
      const at = ctx.ws.clock().toISOString();
      const result = change(person.value, row, at);
      if (result.ok) {
        refreshSummaries(ctx.ws.db, [id]);
        appendAudit(ctx.ws.db, { at, actor: person.value.profile.id, action: result.value.action, entity: 'receivable', entityId: id, details: result.value.details });
      }
      return result;
    })
    .immediate();
  if (!outcome.ok) return outcome;
  if (outcome.value.recheck) ctx.recheck([id]);
  ctx.bus.emit('receivables.changed', { ids: [id] });
  return getReceivable(ctx, id);
}

const linkRefusal = (documentId: string, db: Database): Result<never> | null => {
  const doc = getDocumentRow(db, documentId);
  if (!doc) return err('RECEIVABLE.LINK_INVALID', 'That document is not in this workspace.');
  if (doc.kind !== 'bill_of_lading') {
    return err('RECEIVABLE.LINK_INVALID', `${doc.file_name} is ${doc.kind ? `a document of kind ${doc.kind.replaceAll('_', ' ')}` : 'not classified yet'}; only a bill of lading can be linked to a receivable. Change its kind first if it is one.`);
  }
  return null;
};

/** Links a bill of lading by hand (analysts and risk officers; audited). */
export function linkDocument(ctx: ReceivablesContext, id: string, documentId: string): Result<ReceivableDetail> {
  return editReceivable(ctx, id, 'link documents to receivables', (person, _row, at) => {
    const refusal = linkRefusal(documentId, ctx.ws.db);
    if (refusal) return refusal;
    const existing = getLink(ctx.ws.db, id, documentId);
    if (existing && existing.excluded === 0) {
      return err('RECEIVABLE.LINK_INVALID', 'That bill of lading is already linked to this receivable.');
    }
    upsertLink(ctx.ws.db, { receivableId: id, documentId, method: 'manual', at, by: person.profile.id });
    return ok({ action: 'receivable.linked', details: { documentId, fileName: getDocumentRow(ctx.ws.db, documentId)?.file_name ?? null, method: 'manual' }, recheck: true });
  });
}

/** Removes a bill of lading from a receivable; automatic linking will not put it back. */
export function unlinkDocument(ctx: ReceivablesContext, id: string, documentId: string): Result<ReceivableDetail> {
  return editReceivable(ctx, id, 'unlink documents from receivables', (person, _row, at) => {
    const existing = getLink(ctx.ws.db, id, documentId);
    if (!existing || existing.excluded === 1) {
      return err('RECEIVABLE.LINK_INVALID', 'That document is not linked to this receivable, so there is nothing to remove.');
    }
    excludeLink(ctx.ws.db, id, documentId, at, person.profile.id);
    return ok({ action: 'receivable.unlinked', details: { documentId, fileName: getDocumentRow(ctx.ws.db, documentId)?.file_name ?? null, method: existing.method }, recheck: true });
  });
}

export type TermsInput = {
  readonly id: string;
  readonly advanceAmount?: number | null | undefined;
  readonly initialMarginPct?: number | null | undefined;
  readonly fundingDate?: string | null | undefined;
};

/** Records the advance (stored in minor units of the invoice currency), initial margin and funding date. */
export function updateReceivable(ctx: ReceivablesContext, input: TermsInput): Result<ReceivableDetail> {
  return editReceivable(ctx, input.id, 'record advances and margins', (_person, row, at) => {
    const currency = str(currentValues(ctx.ws.db, ['currency'], { sql: 'SELECT ?', params: [row.invoice_document_id] }).get(row.invoice_document_id)?.currency) ?? 'USD';
    const before = { advanceMinor: row.advance_minor, initialMarginPct: row.initial_margin_pct, fundingDate: row.funding_date };
    const after = {
      advanceMinor: input.advanceAmount === undefined ? row.advance_minor : input.advanceAmount === null ? null : toMinor(input.advanceAmount, currency),
      initialMarginPct: input.initialMarginPct === undefined ? row.initial_margin_pct : input.initialMarginPct,
      fundingDate: input.fundingDate === undefined ? row.funding_date : input.fundingDate,
    };
    updateTerms(ctx.ws.db, row.id, { ...after, at });
    return ok({ action: 'receivable.updated', details: { currency, before, after }, recheck: true });
  });
}

// Where a person may move a receivable; the check run moves draft/checked/eligible/ineligible itself.
/** Open (unwaived) fails of a receivable under its current inputs. */
export function openFails(db: Database, row: ReceivableRow): number {
  const waived = waivedKeys(db, [row.id]);
  const fails = db.prepare("SELECT id, inputs_hash FROM findings WHERE receivable_id = ? AND severity = 'fail'").raw().all(row.id) as [string, string][];
  return fails.filter(([id]) => !waived.has(`${id}\u0000${row.inputs_hash ?? ''}`)).length;
}

/** Moves a receivable along its lifecycle where the lifecycle and its findings allow (audited). */
export function setStatus(ctx: ReceivablesContext, id: string, status: ReceivableStatus, reason: string | undefined): Result<ReceivableDetail> {
  return editReceivable(ctx, id, 'change the status of receivables', (person, row) => {
    const from = row.status;
    const label = (s: ReceivableStatus): string => STATUS_LABELS[s].toLowerCase();
    if (from === status) return err('RECEIVABLE.STATUS_INVALID', `The receivable is already ${label(status)}.`);
    if (!STATUS_TRANSITIONS[from].includes(status)) {
      const allowed = STATUS_TRANSITIONS[from];
      return err(
        'RECEIVABLE.STATUS_INVALID',
        `A ${label(from)} receivable cannot become ${label(status)}; ${allowed.length ? `it can become ${allowed.map(label).join(' or ')}` : 'that is a final status'}.`,
      );
    }
    if ((status === 'checked' || status === 'eligible' || status === 'pooled') && row.checked_at === null) {
      return err('RECEIVABLE.STATUS_INVALID', `The receivable has not been checked yet; run the checks before marking it ${label(status)}.`);
    }
    if (status === 'eligible' || status === 'pooled') {
      const fails = openFails(ctx.ws.db, row);
      if (fails > 0) {
        return err(
          'RECEIVABLE.STATUS_INVALID',
          `The receivable has ${fails} open failing finding${fails === 1 ? '' : 's'}; resolve ${fails === 1 ? 'it' : 'them'} or have ${fails === 1 ? 'it' : 'them'} waived (four eyes) before marking it ${label(status)}.`,
        );
      }
    }
    setReceivableStatus(ctx.ws.db, id, status, ctx.ws.clock().toISOString(), person.profile.id);
    return ok({ action: 'receivable.status_changed', details: { from, to: status, reason: reason ?? null }, recheck: false });
  });
}
