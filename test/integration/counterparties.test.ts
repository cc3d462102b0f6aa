import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { initWorkspace } from '../../src/backend/workspace';
import { createPartyMatcher } from '../../src/core/checks/names';
import type { Api } from '../../src/shared/api';
import type { Counterparties } from '../../src/shared/checks';
import { sampleCounterpartyCsvs } from '../fixtures/generate-counterparties';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const SAMPLES = join(process.cwd(), 'resources/samples');
const sampleCsv = (name: 'suppliers' | 'buyers' | 'escrow') => readFileSync(join(SAMPLES, 'counterparties', `${name}.csv`), 'utf8');

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

/** A workspace with Ana (risk officer), Ben (analyst) and Carl (committee member); Ben is signed in. */
async function workspace() {
  const dir = join(tempDir(), 'ws');
  const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
  const ben = value(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' }));
  const carl = value(await api.profiles.create({ name: 'Carl', role: 'committee_member', passphrase: 'passphrase-carl' }));
  const as = async (who: 'ana' | 'ben' | 'carl') => {
    const profile = { ana, ben, carl }[who];
    value(await api.session.signIn({ profileId: profile.id, passphrase: `passphrase-${who}` }));
  };
  await as('ben');
  return { dir, backend, api, as, ben };
}

const auditActions = async (api: Api, action?: string) =>
  value(await api.audit.list({ ...(action ? { action } : {}), limit: 5000 })).rows.map((r) => ({ action: r.action, entityId: r.entityId, details: r.details }));

const withoutTimes = (c: Counterparties) => ({
  suppliers: c.suppliers.map(({ updatedAt: _u, ...s }) => s),
  buyers: c.buyers.map(({ updatedAt: _u, ...b }) => b),
  escrowAccounts: c.escrowAccounts.map(({ updatedAt: _u, ...e }) => e),
});

async function importSamples(api: Api) {
  return {
    supplier: value(await api.counterparties.import({ kind: 'supplier', csv: sampleCsv('suppliers') })),
    buyer: value(await api.counterparties.import({ kind: 'buyer', csv: sampleCsv('buyers') })),
    escrow: value(await api.counterparties.import({ kind: 'escrow', csv: sampleCsv('escrow') })),
  };
}

describe('counterparties', () => {
  it('creates, updates and removes each kind, each change audited with what changed', async () => {
    const { api, backend } = await workspace();
    const supplier = value(
      await api.counterparties.saveSupplier({
        legalName: 'Saigon Polytech Resins Joint Stock Company',
        aliases: ['SPR JSC'],
        country: 'vn',
        capacities: [{ product: 'Polypropylene resin', quantityPerMonth: 4000, unit: 'MT' }],
      }),
    );
    expect(supplier).toMatchObject({ id: expect.stringMatching(/^sup_/), country: 'VN', registrationId: null, capacities: [{ evidenceDocumentId: null, evidenceNote: null }] });
    const updated = value(await api.counterparties.saveSupplier({ id: supplier.id, legalName: supplier.legalName, aliases: ['SPR JSC', 'Saigon Polytech'], country: 'VN', industry: 'Plastics' }));
    expect(updated).toMatchObject({ aliases: ['SPR JSC', 'Saigon Polytech'], industry: 'Plastics', capacities: [] });

    const buyer = value(
      await api.counterparties.saveBuyer({
        legalName: 'Rheinfeld Kunststofftechnik GmbH',
        country: 'DE',
        probabilityOfDefault: 0.004,
        insurance: { insurer: 'Allianz Trade', policyNumber: 'AT-1', creditLimit: 1_000_000, currency: 'eur', indemnityPct: 90, waitingPeriodDays: 180, expiry: '2027-06-30' },
      }),
    );
    expect(buyer.id).toMatch(/^buy_/);
    expect(buyer.insurance?.currency).toBe('EUR');
    const escrow = value(await api.counterparties.saveEscrow({ bank: 'Banque Fluviale', account: 'LU25 0271 0004 4173 5001', currency: 'USD', vehicle: 'Fund I' }));
    expect(escrow).toMatchObject({ id: expect.stringMatching(/^esc_/), account: 'LU250271000441735001' });
    // The same multi-currency IBAN in a second currency is a second row.
    value(await api.counterparties.saveEscrow({ bank: 'Banque Fluviale', account: 'LU250271000441735001', currency: 'EUR', vehicle: 'Fund I' }));

    const all = value(await api.counterparties.list({}));
    expect([all.suppliers.length, all.buyers.length, all.escrowAccounts.length]).toEqual([1, 1, 2]);

    expect(value(await api.counterparties.remove({ kind: 'buyer', id: buyer.id }))).toEqual({ removed: true });
    expect(value(await api.counterparties.list({})).buyers).toEqual([]);

    const audit = await auditActions(api);
    const ours = audit.filter((a) => /^(supplier|buyer|escrow)\./.test(a.action)).reverse();
    expect(ours.map((a) => a.action)).toEqual(['supplier.created', 'supplier.updated', 'buyer.created', 'escrow.created', 'escrow.created', 'buyer.removed']);
    expect(ours[1]?.details).toMatchObject({
      changes: {
        aliases: { before: ['SPR JSC'], after: ['SPR JSC', 'Saigon Polytech'] },
        industry: { before: null, after: 'Plastics' },
        capacities: { before: [expect.objectContaining({ quantityPerMonth: 4000 })], after: [] },
      },
    });
    expect(Object.keys(ours[1]?.details.changes as object).sort()).toEqual(['aliases', 'capacities', 'industry']);
    expect(ours[5]?.details).toMatchObject({ removed: { legalName: 'Rheinfeld Kunststofftechnik GmbH' } });
    expect(value(await api.audit.verify({})).intact).toBe(true);
    await backend.close();
  });

  it('refuses duplicates, unknown ids and people who may not edit', async () => {
    const { api, as, backend } = await workspace();
    const s = value(await api.counterparties.saveSupplier({ legalName: 'Acme Resins Ltd', country: 'VN' }));
    const clash = await api.counterparties.saveSupplier({ legalName: 'ACME RESINS LTD', country: 'TH' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID', message: expect.stringContaining(`(${s.id}) is already called Acme Resins Ltd`) } });
    expect(await api.counterparties.saveSupplier({ id: 'sup_nope', legalName: 'X', country: 'VN' })).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.NOT_FOUND' } });
    expect(await api.counterparties.remove({ kind: 'escrow', id: 'esc_nope' })).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.NOT_FOUND' } });
    expect(await api.counterparties.saveSupplier({ legalName: 'Bad', country: 'Vietnam' })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });

    await as('carl');
    expect(value(await api.counterparties.list({})).suppliers).toHaveLength(1);
    const refused = await api.counterparties.saveSupplier({ legalName: 'Other', country: 'VN' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN', message: expect.stringContaining('Carl is signed in as committee member') } });
    expect(await api.counterparties.import({ kind: 'escrow', csv: sampleCsv('escrow') })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(await api.counterparties.remove({ kind: 'supplier', id: s.id })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    expect(value(await api.counterparties.export({ kind: 'supplier' })).data).toContain('Acme Resins Ltd');

    value(await api.session.signOut({}));
    expect(await api.counterparties.list({})).toMatchObject({ ok: false, error: { code: 'AUTH.NO_ACTIVE_PROFILE' } });
    await backend.close();
  });

  it('imports a CSV row by row: bad rows are reported by line with what to fix, good rows land', async () => {
    const { api, backend } = await workspace();
    const csv = [
      'ID,Legal Name,aliases,country,registration_id,industry,capacity_product,capacity_per_month,capacity_unit,capacity_evidence',
      ',Saigon Polytech Resins JSC,SPR JSC|Saigon Polytech,VN,0314852967,Plastics,Polypropylene resin,"4,000",MT,Licence 2025',
      ',Saigon Polytech Resins JSC,,,,,Polyethylene resin,1500,mt,',
      ',Chao Phraya Polyolefins PCL,,Siam,,,,,,',
      ',Agropecuaria Vale,,BR,,,Soybeans,lots,MT,',
      ',"Shivalik Agro Rice Mills, ""Karnal""",,IN,,,Rice,2500,BAG,',
      ',Shivalik Agro Rice Mills Pvt Ltd,,IN,,,Rice,-5,MT,',
      ',Pacific Resins,,US,,,Resin,10,TONS,',
    ].join('\r\n');
    const report = value(await api.counterparties.import({ kind: 'supplier', csv }));
    expect(report.created).toBe(2);
    expect(report.updated).toBe(0);
    expect(report.rejected.map((r) => r.line)).toEqual([4, 5, 7, 8]);
    const [country, number, negative, unit] = report.rejected.map((r) => r.message);
    expect(country).toBe('Line 4: country — Use a two-letter country code such as VN. This supplier was not imported.');
    expect(number).toContain('Line 5: capacity_per_month "lots" is not a number');
    expect(negative).toContain('Line 7: capacity_per_month — Capacity must be more than zero.');
    expect(unit).toMatch(/^Line 8: capacity_unit — /);

    const suppliers = value(await api.counterparties.list({})).suppliers;
    expect(suppliers.map((s) => s.legalName)).toEqual(['Saigon Polytech Resins JSC', 'Shivalik Agro Rice Mills, "Karnal"']);
    expect(suppliers[0]?.capacities).toEqual([
      { product: 'Polypropylene resin', quantityPerMonth: 4000, unit: 'MT', evidenceDocumentId: null, evidenceNote: 'Licence 2025' },
      { product: 'Polyethylene resin', quantityPerMonth: 1500, unit: 'MT', evidenceDocumentId: null, evidenceNote: null },
    ]);
    expect(suppliers[0]?.aliases).toEqual(['SPR JSC', 'Saigon Polytech']);

    // Matched by legal name (case-insensitive): an update, not a second supplier, listed by line with
    // the fields it changed; a country written as a name ('Viet Nam') reads as its code; aliases and
    // capacities, which this file has no column for, stay as they were.
    const again = value(await api.counterparties.import({ kind: 'supplier', csv: 'legal_name,country,industry\r\nSAIGON POLYTECH RESINS JSC,Viet Nam,Resins\r\n' }));
    expect(again).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: [], encoding: null, updates: [{ line: 2, id: suppliers[0]!.id, name: 'SAIGON POLYTECH RESINS JSC', fields: ['legalName', 'industry'] }] });
    const kept = value(await api.counterparties.list({})).suppliers.find((x) => x.id === suppliers[0]!.id);
    expect(kept?.aliases).toEqual(['SPR JSC', 'Saigon Polytech']);
    expect(kept?.capacities).toHaveLength(2);
    const imported = await auditActions(api, 'counterparties.imported');
    expect(imported[0]?.details).toMatchObject({ kind: 'supplier', created: 0, updated: 1, rejected: 0 });
    expect(imported[1]?.details).toMatchObject({ kind: 'supplier', created: 2, updated: 0, rejected: 4, rows: 7 });
    const updates = await auditActions(api, 'supplier.updated');
    expect(updates[0]?.details).toMatchObject({ source: 'import', changes: { industry: { before: 'Plastics', after: 'Resins' } } });

    const buyers = value(
      await api.counterparties.import({
        kind: 'buyer',
        csv: 'legal_name,country,probability_of_default,tci_insurer,tci_policy_number,tci_credit_limit,tci_currency,tci_indemnity_pct,tci_waiting_period_days,tci_expiry\n' +
          'Rheinfeld GmbH,DE,1.5%,Allianz Trade,AT-1,1000000,EUR,90,180,2027-06-30\n' +
          'Noordzee B.V.,NL,,Atradius,ATR-1,,USD,90,180,2027-06-30\n' +
          'Pacific Crest,US,0.01,Coface,COF-1,500000,USD,90,180,30/06/2027\n' +
          '=HYPERLINK("http://x"),US,,,,,,,,\n',
      }),
    );
    expect(buyers.created).toBe(2);
    expect(buyers.rejected).toEqual([
      { line: 3, message: 'Line 3: tci_credit_limit is empty; a buyer with trade credit insurance needs every tci_ column, or none. This buyer was not imported.' },
      { line: 4, message: 'Line 4: tci_expiry — Use a date as yyyy-mm-dd. This buyer was not imported.' },
    ]);
    const stored = value(await api.counterparties.list({})).buyers;
    expect(stored.find((b) => b.legalName === 'Rheinfeld GmbH')?.probabilityOfDefault).toBe(0.015);
    // A formula-like name is kept as text, and exported defused.
    expect(stored.map((b) => b.legalName)).toContain('=HYPERLINK("http://x")');
    expect(value(await api.counterparties.export({ kind: 'buyer' })).data).toContain(`"'=HYPERLINK(""http://x"")"`);
    await backend.close();
  });

  it('refuses a file without the required columns, naming them, and a broken file by line', async () => {
    const { api, backend } = await workspace();
    const missing = await api.counterparties.import({ kind: 'buyer', csv: 'name,rating\nRheinfeld,BBB\n' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_INVALID' } });
    if (!missing.ok) expect(missing.error.message).toMatch(/lacks the columns legal_name, country\./);
    const unknown = await api.counterparties.import({ kind: 'escrow', csv: 'bank,account,currency,vehicle,iban\nB,LU25,USD,V,x\n' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_INVALID', message: expect.stringContaining('does not know: iban') } });
    const broken = await api.counterparties.import({ kind: 'escrow', csv: 'bank,account,currency,vehicle\nB,"LU25,USD,V\n' });
    expect(broken).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_INVALID', message: expect.stringContaining('starts on line 2 is never closed') } });
    const wrongKind = await api.counterparties.import({ kind: 'supplier', csv: sampleCsv('buyers') });
    expect(wrongKind).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_INVALID', message: expect.stringContaining('It looks like a buyers file: import it as buyer.') } });
    expect(value(await api.counterparties.list({})).escrowAccounts).toEqual([]);
    await backend.close();
  });

  it('imports the sample CSVs cleanly, and every party printed on the sample documents matches one of them', async () => {
    const { api, backend } = await workspace();
    const report = await importSamples(api);
    expect(report).toMatchObject({
      supplier: { created: 4, updated: 0, unchanged: 0, updates: [], rejected: [] },
      buyer: { created: 3, updated: 0, unchanged: 0, updates: [], rejected: [] },
      escrow: { created: 2, updated: 0, unchanged: 0, updates: [], rejected: [] },
    });
    const all = value(await api.counterparties.list({}));
    expect(all.suppliers.map((s) => s.id)).toEqual(['S3', 'S2', 'S1', 'S4']);
    expect(all.escrowAccounts.map((e) => `${e.id} ${e.account} ${e.currency}`)).toEqual(['ESC-1-EUR LU250271000441735001 EUR', 'ESC-1-USD LU250271000441735001 USD']);

    type Doc = { file: string; expected: Record<string, unknown> };
    const manifest = JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as { documents: Doc[]; receivables: { id: string; supplier: string; buyer: string; files: string[] }[] };
    const supplierOf = createPartyMatcher(all.suppliers);
    const buyerOf = createPartyMatcher(all.buyers);
    const notAParty = /^(TO ORDER|SAME AS CONSIGNEE|TO ORDER OF SHIPPER)$/;
    let checked = 0;
    for (const r of manifest.receivables) {
      for (const file of r.files) {
        const doc = manifest.documents.find((d) => d.file === file);
        for (const [field, want] of [['seller', r.supplier], ['shipper', r.supplier], ['buyer', r.buyer], ['consignee', r.buyer], ['notify_party', r.buyer]] as const) {
          const printed = doc?.expected[field];
          if (typeof printed !== 'string' || notAParty.test(printed)) continue;
          const match = field === 'seller' || field === 'shipper' ? supplierOf(printed) : buyerOf(printed);
          expect(match?.id, `${file} ${field} "${printed}"`).toBe(want);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);

    // Every sample buyer is insured above its exposure in the samples, until mid-2027.
    for (const b of all.buyers) expect(b.insurance).toMatchObject({ indemnityPct: 90, waitingPeriodDays: 180, expiry: '2027-06-30' });
    // The committed files are what the generator writes today.
    const regenerated = sampleCounterpartyCsvs(JSON.parse(readFileSync(join(SAMPLES, 'manifest.json'), 'utf8')) as Parameters<typeof sampleCounterpartyCsvs>[0]);
    expect(regenerated).toEqual({ suppliers: sampleCsv('suppliers'), buyers: sampleCsv('buyers'), escrow: sampleCsv('escrow') });
    await backend.close();
  });

  it('export → import round-trips every kind into another workspace, and re-importing changes nothing', async () => {
    const a = await workspace();
    await importSamples(a.api);
    // Edge cases the CSV must carry: several capacities, a document as evidence, quotes, commas, newlines.
    const s = value(await a.api.counterparties.list({})).suppliers.find((x) => x.id === 'S1');
    value(
      await a.api.counterparties.saveSupplier({
        id: 'S1',
        legalName: s?.legalName ?? '',
        aliases: [...(s?.aliases ?? []), 'S.P.R. "Resins", Saigon'],
        country: 'VN',
        registrationId: '0314852967',
        industry: 'Plastics,\nresins',
        capacities: [
          { product: 'Polypropylene resin', quantityPerMonth: 4000.5, unit: 'MT', evidenceNote: 'Licence' },
          { product: 'Masterbatch', quantityPerMonth: 120, unit: 'KG' },
        ],
      }),
    );
    const files = {
      supplier: value(await a.api.counterparties.export({ kind: 'supplier' })),
      buyer: value(await a.api.counterparties.export({ kind: 'buyer' })),
      escrow: value(await a.api.counterparties.export({ kind: 'escrow' })),
    };
    expect(files.supplier).toMatchObject({ fileName: 'suppliers.csv', mediaType: 'text/csv', encoding: 'utf8' });
    const b = await workspace();
    for (const kind of ['supplier', 'buyer', 'escrow'] as const) {
      expect(value(await b.api.counterparties.import({ kind, csv: files[kind].data })).rejected).toEqual([]);
    }
    const listA = value(await a.api.counterparties.list({}));
    expect(withoutTimes(value(await b.api.counterparties.list({})))).toEqual(withoutTimes(listA));
    expect(listA.suppliers.find((x) => x.id === 'S1')?.capacities).toHaveLength(2);
    for (const kind of ['supplier', 'buyer', 'escrow'] as const) {
      expect(value(await a.api.counterparties.import({ kind, csv: files[kind].data }))).toMatchObject({ created: 0, updated: 0, updates: [], rejected: [] });
    }
    await a.backend.close();
    await b.backend.close();
  });
});

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const quayside = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, QUAYSIDE_PASSPHRASE: '', ...env }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

describe('quayside counterparties', () => {
  it('imports (guessing the kind from the columns), reports bad rows with exit 1, exports, and shows the policy', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    quayside(['workspace', 'init', ws]);
    quayside(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'analyst'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
    const as = { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };
    const suppliers = join(SAMPLES, 'counterparties/suppliers.csv');
    expect(quayside(['-w', ws, 'counterparties', 'import', suppliers])).toMatchObject({ code: 2, err: expect.stringContaining('needs --as NAME') });
    expect(quayside(['-w', ws, 'counterparties', 'import', suppliers, '--as', 'Ana'], as)).toMatchObject({ code: 0, out: `${suppliers} (supplier): 4 created, 0 updated, 0 unchanged, 0 rejected\n` });
    const buyers = JSON.parse(quayside(['-w', ws, '--json', 'counterparties', 'import', join(SAMPLES, 'counterparties/buyers.csv'), '--as', 'Ana'], as).out) as { kind: string; created: number };
    expect(buyers).toMatchObject({ kind: 'buyer', created: 3 });
    expect(quayside(['-w', ws, 'counterparties', 'import', join(SAMPLES, 'counterparties/escrow.csv'), '--kind', 'escrow', '--as', 'Ana'], as).code).toBe(0);

    const bad = join(dir, 'bad.csv');
    // The first row is ESC-1-USD as it stands (unchanged), the second is wrong.
    writeFileSync(bad, 'id,bank,account,currency,vehicle\nESC-1-USD,Banque Fluviale de Luxembourg S.A.,LU25 0271 0004 4173 5001,usd,Tidewater Trade Receivables Fund I S.A.\nE2,Bank,DE89370400440532013000,dollars,Fund\n');
    const run = quayside(['-w', ws, 'counterparties', 'import', bad, '--as', 'Ana'], as);
    expect(run).toMatchObject({ code: 1, out: expect.stringContaining('0 created, 0 updated, 1 unchanged, 1 rejected') });
    expect(run.out).toContain('Line 3: currency — Use an ISO 4217 code such as USD.');
    expect(quayside(['-w', ws, 'counterparties', 'import', bad, '--kind', 'vendor', '--as', 'Ana'], as)).toMatchObject({ code: 2, err: expect.stringContaining('--kind is one of') });

    const out = join(dir, 'buyers.csv');
    expect(quayside(['-w', ws, 'counterparties', 'export', '--kind', 'buyer', '--out', out, '--as', 'Ana'], as).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(SAMPLES, 'counterparties/buyers.csv'), 'utf8'));
    const printed = quayside(['-w', ws, 'counterparties', 'export', '--kind', 'escrow', '--as', 'Ana'], as);
    expect(printed.out).toBe('id,bank,account,currency,vehicle\nESC-1-EUR,Banque Fluviale de Luxembourg S.A.,LU250271000441735001,EUR,Tidewater Trade Receivables Fund I S.A.\nESC-1-USD,Banque Fluviale de Luxembourg S.A.,LU250271000441735001,USD,Tidewater Trade Receivables Fund I S.A.\n');

    const policy = quayside(['-w', ws, 'policy', 'show']);
    expect(policy).toMatchObject({ code: 0, out: expect.stringContaining('Policy version 1, saved') });
    expect(policy.out).toContain('  documents.quantityTolerancePct = 5');
    expect(policy.out).toContain('  eligibility.currencies = USD, EUR');
    const json = JSON.parse(quayside(['-w', ws, '--json', 'policy', 'show', '--as', 'Ana'], as).out) as { version: number; policy: { capacity: { windowDays: number } } };
    expect(json).toMatchObject({ version: 1, policy: { capacity: { windowDays: 30 } } });
    expect(quayside(['--help']).out).toContain('counterparties import <csv>');
  });
});
