/**
 * `npm run eval:checks`: the cross-checks on a pool nobody tuned them on, run the way a user runs
 * them. A seeded pool of export invoice + B/L pairs (a fresh seed each run unless `--seed N`) from
 * the layout generator — about a third only as scans — with one pair per class of planted problem
 * and clean pairs around them; counterparties imported by CSV, the pool's rules set with
 * `policy set`, every file ingested, then `quayside check --json --as-of …`. Prints, per rule: planted
 * problems found and missed, and false `fail`s on clean receivables; and the B/L links: true pairs
 * linked and wrong links.
 *
 *   npm run eval:checks [-- --seed N] [--clean N] [--keep DIR] [--json FILE]
 *
 * Scoring. A planted problem is found when its rule raises a `fail` or `warn` on the receivable
 * that carries it. A false fail is any `fail` on a clean receivable, except "not overdue at
 * funding", which depends on the funding date chosen, not on the documents (it is listed apart).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Finding } from '../../src/shared/checks';
import { makeBlSpec } from '../fixtures/generator/bl-spec';
import type { BlSpec } from '../fixtures/generator/bl-spec';
import { renderBillOfLading } from '../fixtures/generator/bl-pdf';
import { addDays } from '../fixtures/generator/formats';
import { GOODS, USD_RATE } from '../fixtures/generator/goods';
import { makeIban, mod97 } from '../fixtures/generator/identifiers';
import { renderInvoice } from '../fixtures/generator/invoice-pdf';
import { makeInvoiceSpec } from '../fixtures/generator/invoice-spec';
import type { InvoiceSpec } from '../fixtures/generator/invoice-spec';
import { LANGS } from '../fixtures/generator/locales';
import { planMarks } from '../fixtures/generator/marks';
import type { Rng } from '../fixtures/generator/rng';
import { chance, rngFor } from '../fixtures/generator/rng';
import { chooseLook, scan } from '../fixtures/generator/scan';
import type { Line, Shipment } from '../fixtures/generator/shipment';
import { makeShipment } from '../fixtures/generator/shipment';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'src/cli/quayside.mjs');
const POLICY_CURRENCIES = ['USD', 'EUR', 'CHF', 'TRY', 'PLN', 'IDR'];
/** A currency the pool's policy does not take: the planted ineligible currency. */
const OFF_POLICY_CURRENCY = 'GBP';
const POOL_START = '2026-08-03';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

// ---------------------------------------------------------------------------------------------
// The pool

type Problem = {
  readonly id: string;
  /** The rules that name this problem: any of them raising a fail or warn finds it. */
  readonly rules: readonly string[];
  readonly what: string;
};

const PROBLEMS: readonly Problem[] = [
  { id: 'quantity', rules: ['consistency.quantity_tolerance'], what: 'B/L ships 8 % less than invoiced' },
  { id: 'goods', rules: ['consistency.goods_description'], what: 'B/L describes other goods' },
  { id: 'shipper', rules: ['consistency.seller_shipper'], what: 'a third party shipped it' },
  { id: 'late_shipment', rules: ['consistency.shipment_date'], what: 'shipped after the due date' },
  { id: 'no_on_board', rules: ['consistency.shipment_date'], what: 'no on-board notation or date on the B/L' },
  { id: 'clause', rules: ['consistency.clean_bl'], what: 'claused B/L (packages torn)' },
  { id: 'reissued', rules: ['duplicate.invoice_number', 'duplicate.near_duplicate', 'duplicate.shared_bl'], what: 'the invoice re-issued with a new date and photographed' },
  { id: 'transposed_total', rules: ['arithmetic.total', 'arithmetic.summary', 'arithmetic.line_items', 'arithmetic.line'], what: 'two digits of the total transposed' },
  { id: 'capacity', rules: ['capacity.declared'], what: 'two invoices of one supplier above its capacity' },
  { id: 'credit_limit', rules: ['insurance.buyer_limit'], what: "two invoices on one buyer above its credit limit" },
  { id: 'lookalike_account', rules: ['escrow.payment_account'], what: 'payment to a valid look-alike of the escrow IBAN' },
  { id: 'currency', rules: ['eligibility.currency'], what: 'invoiced in a currency the policy does not take' },
  { id: 'unknown_seller', rules: ['consistency.parties_known'], what: 'a seller that is not a registered supplier' },
];

type Doc = { readonly file: string; readonly bytes: Uint8Array; readonly scanned: boolean };

type PoolPair = {
  readonly name: string;
  readonly problem: Problem | null;
  readonly invoice: Doc;
  readonly bl: Doc | null;
  readonly shipment: Shipment;
  /** Registered as a supplier (false for the unknown seller). */
  readonly registered: boolean;
};

/** A shipment moved into the pool's months, its dates kept in their relations. */
function inPool(s: Shipment, rng: Rng): Shipment {
  const invoiceDate = addDays(POOL_START, rng.int(0, 50));
  const shift = (iso: string): string => addDays(invoiceDate, Math.round((Date.parse(iso) - Date.parse(s.invoiceDate)) / 86_400_000));
  const currency = s.currency === OFF_POLICY_CURRENCY ? 'USD' : s.currency;
  return { ...s, currency, account: { ...s.account, currency }, invoiceDate, dueDate: shift(s.dueDate), orderDate: shift(s.orderDate), onBoardDate: shift(s.onBoardDate), blIssueDate: shift(s.blIssueDate) };
}

const scaleLine = (l: Line, f: number): Line => ({ ...l, qtyMilli: Math.round((l.qtyMilli * f) / 1000) * 1000, netG: Math.round(l.netG * f), grossG: Math.round(l.grossG * f), packages: Math.max(1, Math.round(l.packages * f)) });

/** The same trade with `f` times the goods on board (B/L side of a short shipment). */
function scaled(s: Shipment, f: number): Shipment {
  const lines = s.lines.map((l) => scaleLine(l, f));
  return {
    ...s,
    lines,
    packages: lines.reduce((a, l) => a + l.packages, 0),
    netG: lines.reduce((a, l) => a + l.netG, 0),
    grossG: lines.reduce((a, l) => a + l.grossG, 0),
    containers: s.containers.map((c) => ({ ...c, netG: Math.round(c.netG * f), grossG: Math.round(c.grossG * f), packages: Math.max(1, Math.round(c.packages * f)) })),
  };
}

/** Another valid IBAN one digit away from `iban` (its check digits recomputed): a look-alike account. */
function lookalike(iban: string): string {
  const bban = iban.slice(4);
  const at = bban.search(/\d(?=\D*$)/) >= 0 ? bban.search(/\d(?=\D*$)/) : bban.length - 1;
  const digit = Number(bban[at] ?? '0');
  const swapped = `${bban.slice(0, at)}${(digit + 3) % 10}${bban.slice(at + 1)}`;
  const other = makeIban(iban.slice(0, 2), swapped);
  if (mod97(`${other.slice(4)}${other.slice(0, 4)}`) !== 1) throw new Error('look-alike IBAN is not valid');
  return other;
}

/** Swaps the first two different adjacent digits of a printed amount ("12,480.00" → "14,280.00"). */
function transpose(printed: string): string {
  const chars = [...printed];
  for (let i = 0; i < chars.length - 1; i++) {
    if (/\d/.test(chars[i]!) && /\d/.test(chars[i + 1]!) && chars[i] !== chars[i + 1]) {
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      return chars.join('');
    }
  }
  return printed;
}

async function draw(kind: 'invoice' | 'bill_of_lading', s: Shipment, rng: { spec: Rng; scan: Rng }, scanned: boolean, file: string, edit?: { invoice?: (spec: InvoiceSpec) => InvoiceSpec; bl?: (spec: BlSpec) => BlSpec }): Promise<Doc> {
  const createdAt = `${kind === 'invoice' ? s.invoiceDate : s.blIssueDate}T09:30:00Z`;
  const meta = { createdAt, creator: 'Quayside checks eval' };
  const invoiceSpec = kind === 'invoice' ? (edit?.invoice ?? ((x: InvoiceSpec) => x))(makeInvoiceSpec(rng.spec, s)) : null;
  const blSpec = kind === 'bill_of_lading' ? (edit?.bl ?? ((x: BlSpec) => x))(makeBlSpec(rng.spec, s)) : null;
  const render = (decorate?: Parameters<typeof renderInvoice>[2]) => (invoiceSpec ? renderInvoice(invoiceSpec, meta, decorate) : renderBillOfLading(blSpec!, meta, decorate));
  if (!scanned) return { file: `${file}.pdf`, bytes: (await render()).bytes, scanned: false };
  const marks = planMarks(rng.scan, { company: kind === 'invoice' ? s.seller.name : s.carrier.name, town: s.pol.split(',')[0] ?? '', date: kind === 'invoice' ? s.dueDate : s.blIssueDate, kind });
  const paper = await render(marks.decorate);
  const out = await scan(paper.bytes, chooseLook(rng.scan, paper.pages), rng.scan, `${createdAt.slice(0, 10)}T16:45:00Z`);
  return { file: `${file}.${out.format}`, bytes: out.bytes, scanned: true };
}

/** Builds the pool: clean pairs, then one pair (or two, or a re-issue) per planted problem. */
async function buildPool(seed: number, clean: number): Promise<PoolPair[]> {
  const pairs: PoolPair[] = [];
  let n = 0;
  const shipmentAt = (i: number, single = false): Shipment => {
    const rng = rngFor(seed, 'checks-eval', i);
    return inPool(makeShipment(rngFor(seed, 'checks-eval', i, 'shipment'), LANGS[i % LANGS.length]!, single ? 1 : rng.pick([1, 1, 1, 2, 3]), { seaExport: true }), rng);
  };
  const add = async (problem: Problem | null, s: Shipment, o: { blShipment?: Shipment | null; invoiceEdit?: (spec: InvoiceSpec) => InvoiceSpec; blEdit?: (spec: BlSpec) => BlSpec; registered?: boolean; scanned?: boolean; invoiceAs?: number } = {}): Promise<void> => {
    n += 1;
    const i = n;
    // A re-issue is drawn from its original's invoice spec: the supplier's layout and charges, so
    // the same total; only the dates differ.
    const specIndex = o.invoiceAs ?? i;
    const name = `p${String(i).padStart(3, '0')}-${problem?.id ?? 'clean'}`;
    const rng = rngFor(seed, 'checks-eval', i, 'render');
    const scannedInvoice = o.scanned ?? chance(rng, 0.3);
    const invoice = await draw('invoice', s, { spec: rngFor(seed, 'checks-eval', specIndex, 'invoice'), scan: rngFor(seed, 'checks-eval', i, 'invoice-scan') }, scannedInvoice, `${name}-invoice`, o.invoiceEdit ? { invoice: o.invoiceEdit } : {});
    const blShipment = o.blShipment === undefined ? s : o.blShipment;
    const bl = blShipment ? await draw('bill_of_lading', blShipment, { spec: rngFor(seed, 'checks-eval', i, 'bl'), scan: rngFor(seed, 'checks-eval', i, 'bl-scan') }, chance(rng, 0.3), `${name}-bl`, o.blEdit ? { bl: o.blEdit } : {}) : null;
    pairs.push({ name, problem, invoice, bl, shipment: s, registered: o.registered ?? true });
  };
  const P = (id: string): Problem => PROBLEMS.find((p) => p.id === id)!;
  let k = 0;
  const next = (single = false): Shipment => shipmentAt(++k, single);

  for (let c = 0; c < clean; c++) await add(null, next());
  {
    // Goods sold by weight: counted goods (pieces) are compared by count, not within a tolerance.
    let s = next(true);
    while (s.goods.unit !== 'MT' && s.goods.unit !== 'KG') s = next(true);
    await add(P('quantity'), s, { blShipment: scaled(s, 0.92) });
  }
  {
    const s = next(true);
    const other = GOODS.find((g) => g.family !== s.goods.family && g.unit === s.goods.unit) ?? GOODS.find((g) => g.family !== s.goods.family)!;
    await add(P('goods'), s, { blShipment: { ...s, goods: other } });
  }
  {
    const s = next();
    await add(P('shipper'), s, { blShipment: { ...s, seller: next().seller } });
  }
  {
    const s = next();
    const late = addDays(s.dueDate, 12);
    await add(P('late_shipment'), s, { blShipment: { ...s, onBoardDate: late, blIssueDate: late } });
  }
  await add(P('no_on_board'), next(), { blEdit: (spec) => ({ ...spec, onBoard: { ...spec.onBoard, label: '', date: '', stamp: false }, printed: { ...spec.printed, shipped_on_board_date: '' } }), scanned: false });
  await add(P('clause'), next(), { blEdit: (spec) => ({ ...spec, goodsLines: [...spec.goodsLines, 'REMARKS: 3 BAGS TORN AND RESEWN, CONTENTS PARTLY LOST'] }) });
  {
    const s = next();
    await add(P('reissued'), s, { scanned: false });
    // The same invoice again, five days later, photographed, with no B/L of its own.
    const reissue = { ...s, invoiceDate: addDays(s.invoiceDate, 5), dueDate: addDays(s.dueDate, 5) };
    await add(P('reissued'), reissue, { blShipment: null, scanned: true, invoiceAs: n });
  }
  await add(P('transposed_total'), next(), {
    invoiceEdit: (spec) => {
      const at = spec.summary.findIndex((row) => row.strong);
      return at < 0 ? spec : { ...spec, summary: spec.summary.map((row, i) => (i === at ? { ...row, value: transpose(row.value) } : row)), words: null };
    },
  });
  {
    const s = next(true);
    await add(P('capacity'), s);
    await add(P('capacity'), { ...next(true), seller: s.seller, goods: s.goods, lines: s.lines, packages: s.packages, netG: s.netG, grossG: s.grossG, containers: s.containers, invoiceDate: addDays(s.invoiceDate, 6), dueDate: addDays(s.dueDate, 6), onBoardDate: addDays(s.onBoardDate, 6), blIssueDate: addDays(s.blIssueDate, 6) });
  }
  {
    const s = next();
    await add(P('credit_limit'), s);
    const t = next();
    await add(P('credit_limit'), { ...t, buyer: s.buyer, currency: s.currency, account: { ...t.account, currency: s.currency } });
  }
  {
    let s = next();
    while (!s.account.isIban) s = next();
    await add(P('lookalike_account'), { ...s, account: { ...s.account, printed: lookalike(s.account.normalized), normalized: lookalike(s.account.normalized) } });
    // The escrow account registered is the original one.
    pairs[pairs.length - 1] = { ...pairs[pairs.length - 1]!, shipment: s };
  }
  {
    const s = next();
    await add(P('currency'), { ...s, currency: OFF_POLICY_CURRENCY, account: { ...s.account, currency: OFF_POLICY_CURRENCY } });
  }
  {
    // A seller no other pair sells as: one that did would be registered, and nothing would be planted.
    let s = next();
    while (pairs.some((p) => p.shipment.seller.name === s.seller.name)) s = next();
    await add(P('unknown_seller'), s, { registered: false });
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------
// Counterparties and policy for the pool

const csvCell = (v: string | number): string => (/[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
const csv = (rows: readonly (readonly (string | number)[])[]): string => `${rows.map((r) => r.map(csvCell).join(',')).join('\n')}\n`;

const quantityOf = (s: Shipment): number => s.lines.reduce((a, l) => a + l.qtyMilli, 0) / 1000;
const amountOf = (s: Shipment): number => s.lines.reduce((a, l) => a + l.amountMinor, 0) / 10 ** s.decimals;

function counterpartyFiles(pairs: readonly PoolPair[]): { suppliers: string; buyers: string; escrow: string } {
  const suppliers = new Map<string, { country: string; product: string; unit: string; perMonth: number }>();
  const capacityPlanted = pairs.filter((p) => p.problem?.id === 'capacity');
  for (const p of pairs) {
    if (!p.registered) continue;
    const s = p.shipment;
    const key = s.seller.name;
    const breach = capacityPlanted.some((c) => c.shipment.seller.name === key);
    // Ample capacity, except for the supplier whose two invoices were planted to exceed it.
    const perMonth = breach ? Math.round(capacityPlanted.reduce((a, c) => a + quantityOf(c.shipment), 0) * 0.8 * 100) / 100 : Math.max(1, Math.round(quantityOf(s) * 20));
    if (!suppliers.has(key)) suppliers.set(key, { country: s.seller.country, product: s.goods.family, unit: s.goods.unit, perMonth });
  }
  const limits = new Map<string, { country: string; currency: string; limit: number }>();
  const limitPlanted = pairs.filter((p) => p.problem?.id === 'credit_limit');
  for (const p of pairs) {
    const s = p.shipment;
    const breach = limitPlanted.some((c) => c.shipment.buyer.name === s.buyer.name);
    const limit = breach ? Math.round(limitPlanted.reduce((a, c) => a + amountOf(c.shipment), 0) * 0.75) : Math.round(amountOf(s) * 50);
    if (!limits.has(s.buyer.name)) limits.set(s.buyer.name, { country: s.buyer.country, currency: s.currency === OFF_POLICY_CURRENCY ? 'USD' : s.currency, limit });
  }
  const escrow = new Map<string, { currency: string; bank: string }>();
  for (const p of pairs) escrow.set(`${p.shipment.account.normalized}|${p.shipment.account.currency}`, { currency: p.shipment.account.currency, bank: p.shipment.account.bank });
  return {
    suppliers: csv([
      ['legal_name', 'country', 'capacity_product', 'capacity_per_month', 'capacity_unit'],
      ...[...suppliers].map(([name, s]) => [name, s.country, s.product, s.perMonth, s.unit]),
    ]),
    buyers: csv([
      ['legal_name', 'country', 'tci_insurer', 'tci_policy_number', 'tci_credit_limit', 'tci_currency', 'tci_indemnity_pct', 'tci_waiting_period_days', 'tci_expiry'],
      ...[...limits].map(([name, b], i) => [name, b.country, 'Allianz Trade', `AT-${i + 1}`, b.limit, b.currency, 90, 180, '2030-12-31']),
    ]),
    escrow: csv([['bank', 'account', 'currency', 'vehicle'], ...[...escrow].map(([key, e]) => [e.bank, key.split('|')[0]!, e.currency, 'Eval Pool SPV'])]),
  };
}

type PolicyDoc = Record<string, unknown> & { eligibility: Record<string, unknown>; fx: { rates: unknown[]; maxAgeDays: number }; commodities: unknown[]; priceBands: unknown[] };

/** The pool's rules: its goods as commodities, its currencies, rates to convert them, no price bands. */
function poolPolicy(base: PolicyDoc): PolicyDoc {
  const commodities = GOODS.map((g) => ({ name: g.family, keywords: [g.blDescription.toLowerCase(), g.family.toLowerCase()] }));
  const rates = Object.entries(USD_RATE)
    .filter(([c]) => c !== 'USD')
    .map(([c, perUsd]) => ({ from: c, to: 'USD', rate: Math.round((1 / perUsd) * 1e6) / 1e6, asOf: '2026-07-01' }));
  return {
    ...base,
    commodities,
    priceBands: [],
    eligibility: { ...base.eligibility, currencies: POLICY_CURRENCIES, eligibleCommodities: commodities.map((c) => c.name), minAmount: {}, maxTenorDays: 120 },
    fx: { rates, maxAgeDays: 365 },
  };
}

// ---------------------------------------------------------------------------------------------
// Running it as a user

function cli(ws: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): string {
  const run = spawnSync(process.execPath, [CLI, '--workspace', ws, ...args], {
    encoding: 'utf8',
    maxBuffer: 512 * 2 ** 20,
    env: { ...process.env, QUAYSIDE_PASSPHRASE: 'eval passphrase', QUAYSIDE_AS_PASSPHRASE: 'eval passphrase', ...env },
  });
  if (run.status !== 0 && run.status !== 1) throw new Error(`quayside ${args.slice(0, 2).join(' ')} failed (exit ${run.status}): ${run.stderr}`);
  return run.stdout;
}

type Outcome = {
  readonly seed: number;
  readonly pairs: number;
  readonly documents: number;
  readonly scans: number;
  readonly perRule: Record<string, { found: number; missed: number; falseFails: number }>;
  readonly classes: { id: string; what: string; found: boolean; by: string[] }[];
  readonly falseFails: { pair: string; rule: string; message: string }[];
  readonly overdue: number;
  readonly links: { truePairs: number; linked: number; wrong: number; wrongList: string[]; missedList: string[] };
  readonly seconds: number;
};

async function main(): Promise<void> {
  const seed = Number(arg('seed') ?? Math.floor(Math.random() * 1e9));
  const clean = Number(arg('clean') ?? 20);
  const started = performance.now();
  console.log(`Checks evaluation — seed ${seed} (a fresh seed unless --seed) — building the pool…`);
  const pairs = await buildPool(seed, clean);
  const dir = arg('keep') ?? mkdtempSync(path.join(os.tmpdir(), 'quayside-checks-eval-'));
  const files = path.join(dir, 'files');
  mkdirSync(files, { recursive: true });
  const docs = pairs.flatMap((p) => [p.invoice, ...(p.bl ? [p.bl] : [])]);
  for (const d of docs) writeFileSync(path.join(files, d.file), d.bytes);
  const counterparties = counterpartyFiles(pairs);
  for (const [kind, text] of Object.entries(counterparties)) writeFileSync(path.join(dir, `${kind}.csv`), text);
  const scans = docs.filter((d) => d.scanned).length;
  console.log(`  ${pairs.length} receivables' documents (${docs.length} files) written to ${files}`);

  const ws = path.join(dir, 'workspace');
  rmSync(ws, { recursive: true, force: true });
  cli(ws, ['workspace', 'init', ws]);
  cli(ws, ['profile', 'create', '--name', 'Eval', '--role', 'risk_officer']);
  for (const kind of ['suppliers', 'buyers', 'escrow'] as const) cli(ws, ['counterparties', 'import', path.join(dir, `${kind}.csv`), '--kind', kind === 'suppliers' ? 'supplier' : kind === 'buyers' ? 'buyer' : 'escrow', '--as', 'Eval']);
  const base = JSON.parse(cli(ws, ['policy', 'export', '--as', 'Eval'])) as PolicyDoc;
  writeFileSync(path.join(dir, 'policy.json'), JSON.stringify(poolPolicy(base), null, 2));
  cli(ws, ['policy', 'set', path.join(dir, 'policy.json'), '--note', `checks eval, seed ${seed}`, '--as', 'Eval']);
  console.log('  ingesting (OCR for the scans)…');
  cli(ws, ['ingest', ...docs.map((d) => path.join(files, d.file)), '--as', 'Eval']);
  const asOf = addDays(POOL_START, 60);
  const report = JSON.parse(cli(ws, ['--json', 'check', '--as-of', asOf, '--as', 'Eval'])) as { findings: Finding[] };

  // Which receivable is which pair, and which B/Ls it was linked to, from the workspace itself.
  const db = new BetterSqlite3(path.join(ws, 'quayside.db'), { readonly: true });
  const invoiceOf = new Map((db.prepare('SELECT r.id, d.file_name FROM receivables r JOIN documents d ON d.id = r.invoice_document_id').raw().all() as [string, string][]).map(([id, file]) => [id, file]));
  const linked = db.prepare("SELECT r.id, d.file_name FROM receivable_documents l JOIN receivables r ON r.id = l.receivable_id JOIN documents d ON d.id = l.document_id WHERE l.excluded = 0 AND d.kind = 'bill_of_lading'").raw().all() as [string, string][];
  db.close();
  const pairOfInvoice = new Map(pairs.map((p) => [p.invoice.file, p]));
  const receivableOf = new Map([...invoiceOf].map(([id, file]) => [file, id]));
  const findingsOf = (pair: PoolPair): Finding[] => report.findings.filter((f) => f.receivableId === receivableOf.get(pair.invoice.file));

  const perRule: Outcome['perRule'] = {};
  const bump = (rule: string, key: 'found' | 'missed' | 'falseFails'): void => {
    const row = (perRule[rule] ??= { found: 0, missed: 0, falseFails: 0 });
    row[key] += 1;
  };
  const classes: Outcome['classes'] = [];
  for (const problem of PROBLEMS) {
    const carriers = pairs.filter((p) => p.problem?.id === problem.id);
    const by = [...new Set(carriers.flatMap((p) => findingsOf(p).filter((f) => problem.rules.includes(f.ruleId) && (f.severity === 'fail' || f.severity === 'warn')).map((f) => `${f.ruleId} (${f.severity})`)))];
    const found = by.length > 0;
    classes.push({ id: problem.id, what: problem.what, found, by });
    bump(problem.rules[0]!, found ? 'found' : 'missed');
  }
  const falseFails: Outcome['falseFails'] = [];
  let overdue = 0;
  for (const pair of pairs.filter((p) => p.problem === null)) {
    for (const f of findingsOf(pair).filter((x) => x.severity === 'fail')) {
      if (f.ruleId === 'eligibility.not_overdue') {
        overdue += 1;
        continue;
      }
      falseFails.push({ pair: pair.name, rule: f.ruleId, message: f.message });
      bump(f.ruleId, 'falseFails');
    }
  }
  // Links: every pair with a B/L should hold exactly its own.
  const truePairs = pairs.filter((p) => p.bl !== null);
  let linkedRight = 0;
  const wrongList: string[] = [];
  const rightPairs = new Set<string>();
  // A re-issued invoice has no B/L of its own: the original's (the same shipment) is its right one.
  const original = pairs.find((p) => p.problem?.id === 'reissued' && p.bl !== null);
  for (const [receivable, blFile] of linked) {
    const pair = pairOfInvoice.get(invoiceOf.get(receivable) ?? '');
    if (!pair) continue;
    const own = pair.bl?.file ?? (pair.problem?.id === 'reissued' ? original?.bl?.file : undefined);
    if (own === blFile) {
      if (pair.bl) {
        linkedRight += 1;
        rightPairs.add(pair.invoice.file);
      }
    } else wrongList.push(`${pair.invoice.file} → ${blFile}`);
  }
  const outcome: Outcome = {
    seed,
    pairs: pairs.length,
    documents: docs.length,
    scans,
    perRule,
    classes,
    falseFails,
    overdue,
    links: { truePairs: truePairs.length, linked: linkedRight, wrong: wrongList.length, wrongList, missedList: truePairs.filter((p) => !rightPairs.has(p.invoice.file)).map((p) => `${p.invoice.file} ↔ ${p.bl?.file}`) },
    seconds: (performance.now() - started) / 1000,
  };
  print(outcome);
  const json = arg('json');
  if (json) writeFileSync(json, JSON.stringify(outcome, null, 2));
  if (!arg('keep')) rmSync(dir, { recursive: true, force: true });
}

function print(o: Outcome): void {
  const cleanCount = o.pairs - PROBLEMS.length;
  console.log(`\n━━ Planted problems (seed ${o.seed}): ${o.classes.filter((c) => c.found).length} of ${o.classes.length} classes found by their rule`);
  for (const c of o.classes) console.log(`  ${c.found ? '✓' : '✗'} ${c.id.padEnd(18)} ${c.what.padEnd(58)} ${c.found ? c.by.join(', ') : 'MISSED'}`);
  console.log(`\n━━ Per rule: found / missed / false fails on clean receivables`);
  for (const [rule, r] of Object.entries(o.perRule).sort()) console.log(`  ${rule.padEnd(36)} ${String(r.found).padStart(3)} ${String(r.missed).padStart(4)} ${String(r.falseFails).padStart(5)}`);
  console.log(`\n━━ Clean receivables: ${o.falseFails.length} false fail${o.falseFails.length === 1 ? '' : 's'} over about ${cleanCount} clean receivables (target 0); ${o.overdue} "not overdue at funding" left out (it depends on the funding date)`);
  for (const f of o.falseFails) console.log(`  ${f.pair}  ${f.rule}: ${f.message.slice(0, 160)}`);
  const share = o.links.truePairs ? (o.links.linked / o.links.truePairs) * 100 : 0;
  console.log(`\n━━ Links: ${o.links.linked} of ${o.links.truePairs} true invoice/B/L pairs linked (${share.toFixed(0)} %, target ≥ 95 %); ${o.links.wrong} wrong link${o.links.wrong === 1 ? '' : 's'} (target 0)`);
  for (const w of o.links.wrongList) console.log(`  wrong: ${w}`);
  for (const m of o.links.missedList) console.log(`  not linked: ${m}`);
  console.log(`\n${o.documents} files (${o.scans} scans) in ${o.seconds.toFixed(0)} s`);
}

await main();
