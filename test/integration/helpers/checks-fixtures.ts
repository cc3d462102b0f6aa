// Workspaces with documents written straight through the repositories (no OCR), for receivable and check tests.
import { join } from 'node:path';
import { createBackend, inProcessClient } from '../../../src/backend/backend';
import type { Backend } from '../../../src/backend/backend';
import { insertDocument, setCorrection, setDocumentStatus, writeExtraction } from '../../../src/backend/documents/documents-repo';
import { storeBlob } from '../../../src/backend/store/blobs-repo';
import { initWorkspace, openWorkspace } from '../../../src/backend/workspace';
import type { Workspace } from '../../../src/backend/workspace';
import type { Rule } from '../../../src/core/checks/types';
import type { ExtractedField, FieldName, FieldValue } from '../../../src/shared/documents';
import type { Api } from '../../../src/shared/api';
import type { Profile } from '../../../src/shared/model';
import { fakeClock, sequentialIds, tempDir } from './temp';
import { appendAudit } from '../../../src/backend/audit/audit-log';

export const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

export const PASS = 'passphrase-long';

/** A workspace with Ana and Rita (risk officers) and Ben (analyst); Ana is signed in. */
export async function checksWorkspace(options: { rules?: readonly Rule[] } = {}) {
  const created = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
  if (!created.ok) throw new Error(created.error.message);
  const ws = created.value;
  const backend = createBackend(ws, 'cli', { startIntake: false, ...(options.rules ? { rules: options.rules } : {}) });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: PASS }));
  const rita = value(await api.profiles.create({ name: 'Rita', role: 'risk_officer', passphrase: PASS }));
  const ben = value(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: PASS }));
  const signIn = async (person: Profile) => value(await api.session.signIn({ profileId: person.id, passphrase: PASS }));
  return { ws, backend, api, people: { ana, rita, ben }, signIn };
}

export type OpenedChecks = { ws: Workspace; backend: Backend; api: Api; me: Profile };

/**
 * A workspace with one risk officer signed in (created with her, or opened at `at`), its checks run
 * by the worker thread or in-process.
 */
export async function openChecks(dir: string, options: { worker: boolean; create?: boolean; at?: string }): Promise<OpenedChecks> {
  const opened = options.create ? initWorkspace(dir, { clock: fakeClock() }) : openWorkspace(dir, { clock: fakeClock(options.at) });
  if (!opened.ok) throw new Error(opened.error.message);
  const ws = opened.value;
  const backend = createBackend(ws, 'cli', { startIntake: false, checksWorker: options.worker });
  const api = inProcessClient(backend);
  const me = options.create
    ? value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: PASS }))
    : (value(await api.profiles.list({}))[0] as Profile);
  if (!options.create) value(await api.session.signIn({ profileId: me.id, passphrase: PASS }));
  return { ws, backend, api, me };
}

/** Runs `work` on the workspace as another program would while the app is closed: its own connection, no events. */
export function whileClosed<T>(dir: string, work: (ws: Workspace) => T, at?: string): T {
  const opened = openWorkspace(dir, { clock: fakeClock(at) });
  if (!opened.ok) throw new Error(opened.error.message);
  try {
    return work(opened.value);
  } finally {
    opened.value.close();
  }
}

let counter = 0;

/** Stores a read document with the given field values (confidence 0.95, on page 1). */
export function addDocument(
  ws: Workspace,
  doc: { kind: 'invoice' | 'bill_of_lading' | 'other'; fileName: string; fields: Partial<Record<FieldName, FieldValue>>; confidence?: number; status?: 'extracted' | 'failed' },
): string {
  counter += 1;
  const at = ws.clock().toISOString();
  const blob = storeBlob(ws.db, ws.blobsDir, Buffer.from(`%PDF-1.7 ${doc.fileName} ${counter} ${Math.random()}`), 'application/pdf', at);
  const id = ws.ids('doc');
  insertDocument(ws.db, { id, sha256: blob.sha256, fileName: doc.fileName, mediaType: 'application/pdf', size: 10, createdAt: at, createdBy: 'test' });
  // As intake records it, so that `audit verify` finds the entry that created the document.
  ws.db.transaction(() => appendAudit(ws.db, { at, actor: 'test', action: 'document.added', entity: 'document', entityId: id, details: { fileName: doc.fileName, sha256: blob.sha256 } })).immediate();
  const fields: Partial<Record<FieldName, ExtractedField>> = {};
  let y = 0.1;
  for (const [name, v] of Object.entries(doc.fields) as [FieldName, FieldValue | undefined][]) {
    if (v === undefined) continue;
    fields[name] = { value: v, raw: String(v), confidence: doc.confidence ?? 0.95, page: 1, bbox: { x: 0.1, y: (y += 0.03), w: 0.3, h: 0.02 }, method: 'text_layer' };
  }
  writeExtraction(ws.db, id, { kind: doc.kind, kindScore: 0.9, fields }, false);
  setDocumentStatus(ws.db, id, { status: doc.status ?? 'extracted', pageCount: 1 });
  return id;
}

/** Overwrites a field as a person's correction, bypassing the service (no event, no audit). */
export const correctDirectly = (ws: Workspace, id: string, name: FieldName, v: FieldValue): void =>
  setCorrection(ws.db, id, name, { value: v, by: 'test', at: ws.clock().toISOString(), previous: null });

export const invoice = (over: Partial<Record<FieldName, FieldValue>> = {}): Partial<Record<FieldName, FieldValue>> => ({
  invoice_number: 'SPR/EX/2026/0142',
  issue_date: '2026-02-16',
  due_date: '2026-05-15',
  currency: 'USD',
  total_amount: 103455,
  seller: 'Saigon Polytech Resins Joint Stock Company',
  buyer: 'Pacific Crest Packaging, Inc.',
  goods_description: 'Polypropylene Homopolymer Resin',
  quantity: 99,
  quantity_unit: 'MT',
  unit_price: 1045,
  payment_account: 'LU250271000441735001',
  bl_number: 'MRDLSGN2604417',
  ...over,
});

export const billOfLading = (over: Partial<Record<FieldName, FieldValue>> = {}): Partial<Record<FieldName, FieldValue>> => ({
  bl_number: 'MRDLSGN2604417',
  shipper: 'SAIGON POLYTECH RESINS JOINT STOCK COMPANY',
  consignee: 'PACIFIC CREST PACKAGING, INC.',
  notify_party: 'SAME AS CONSIGNEE',
  port_of_loading: 'HO CHI MINH CITY (CAT LAI), VIETNAM',
  port_of_discharge: 'LOS ANGELES, CA, USA',
  shipped_on_board_date: '2026-02-14',
  goods_description: 'POLYPROPYLENE HOMOPOLYMER RESIN',
  quantity: 99,
  quantity_unit: 'MT',
  ...over,
});

/** Rules for engine-wiring tests, independent of the shipped rule set. */
export const TEST_RULES: readonly Rule[] = [
  {
    id: 'test.amount_cap',
    title: 'Amount above 100,000',
    category: 'eligibility',
    reference: null,
    severity: 'fail',
    scope: 'receivable',
    check: (r) => {
      const amount = r.invoice.fields.total_amount?.value;
      return typeof amount === 'number' && amount > 100_000
        ? [{ receivableId: r.id, key: '', message: `The invoice is for ${amount}, above the test cap of 100,000.`, evidence: [] }]
        : [];
    },
  },
  {
    id: 'test.no_bl',
    title: 'No bill of lading',
    category: 'document_consistency',
    reference: null,
    severity: 'warn',
    scope: 'receivable',
    check: (r) => (r.bls.length === 0 ? [{ receivableId: r.id, key: '', message: 'No bill of lading is linked.', evidence: [] }] : []),
  },
  {
    id: 'test.same_number',
    title: 'Same invoice number twice',
    category: 'duplicate',
    reference: null,
    severity: 'fail',
    scope: 'group',
    groupKeys: (r) => {
      const n = r.invoice.fields.invoice_number?.value;
      return typeof n === 'string' ? [n] : [];
    },
    checkGroup: (key, members) =>
      members.length < 2 ? [] : members.map((m) => ({ receivableId: m.id, key: '', message: `Invoice ${key} is offered ${members.length} times.`, evidence: [] })),
  },
];
