import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { FINGERPRINT_SCHEME, fingerprintKey, foreignFingerprints, invoiceFingerprint, keyIdOf, ownFingerprints } from '../../src/backend/checks/fingerprints';
import { setCorrection } from '../../src/backend/documents/documents-repo';
import { initWorkspace } from '../../src/backend/workspace';
import { seedInvoices } from './helpers/invoices';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

const CONSORTIUM_KEY = 'a1'.repeat(32);
const OTHER_KEY = '5c'.repeat(32);

async function workspace(invoices: readonly string[]) {
  const ws = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
  const ben = value(await api.profiles.create({ name: 'Ben', role: 'analyst', passphrase: 'passphrase-ben' }));
  const seeded = seedInvoices(ws.value, invoices, ana.id);
  return {
    ws: ws.value,
    backend,
    api,
    seeded,
    asAna: async () => value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' })),
    asBen: async () => value(await api.session.signIn({ profileId: ben.id, passphrase: 'passphrase-ben' })),
  };
}

const PARTS = {
  seller: 'Saigon Polytech Resins Joint Stock Company',
  buyer: 'Rheinfeld Kunststofftechnik GmbH',
  invoiceNumber: 'SPR/EX/2026/0167',
  issueDate: '2026-03-03',
  amount: 52569,
  currency: 'EUR',
};

describe('invoiceFingerprint', () => {
  const key = Buffer.from(CONSORTIUM_KEY, 'hex');
  const fp = invoiceFingerprint(key, PARTS);

  it('is a keyed SHA-256 HMAC: 64 hex digits, different under another key', () => {
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(invoiceFingerprint(Buffer.from(OTHER_KEY, 'hex'), PARTS)).not.toBe(fp);
  });

  it('is the same for the same invoice printed or read differently', () => {
    expect(
      invoiceFingerprint(key, {
        seller: 'SAIGON POLYTECH RESINS JOINT STOCK COMPANY',
        buyer: 'rheinfeld kunststofftechnik gmbh',
        invoiceNumber: ' spr/ex/2026/ 0167 ',
        issueDate: '2026-03-03',
        amount: 52569.0,
        currency: 'eur',
      }),
    ).toBe(fp);
    // Amounts compare in minor units: a float artefact below a cent does not change the invoice.
    expect(invoiceFingerprint(key, { ...PARTS, amount: 52568.999999999 })).toBe(fp);
  });

  it('reads the number by its digits: other punctuation, or a scan that took a slash for an I and a zero for an O', () => {
    for (const invoiceNumber of ['SPR-EX-2026-0167', 'SPR EX 2026 0167', 'SPRIEX/2026/O167']) expect(invoiceFingerprint(key, { ...PARTS, invoiceNumber }), invoiceNumber).toBe(fp);
    // Short numbers count as printed: invoice 1 and credit note 1 are different documents.
    expect(invoiceFingerprint(key, { ...PARTS, invoiceNumber: 'INV-1' })).not.toBe(invoiceFingerprint(key, { ...PARTS, invoiceNumber: 'CN-1' }));
    expect(invoiceFingerprint(key, { ...PARTS, invoiceNumber: 'inv 1' })).toBe(invoiceFingerprint(key, { ...PARTS, invoiceNumber: 'INV-1' }));
  });

  it.each([
    ['another number', { invoiceNumber: 'SPR/EX/2026/0168' }],
    ['the same number in another year', { issueDate: '2025-03-03' }],
    ['another amount', { amount: 52569.01 }],
    ['another currency', { currency: 'USD' }],
    ['another buyer', { buyer: 'Noordzee Food Ingredients B.V.' }],
    ['another seller', { seller: 'Chao Phraya Polyolefins Public Company Limited' }],
  ])('differs for %s', (_label, change) => {
    expect(invoiceFingerprint(key, { ...PARTS, ...change })).not.toBe(fp);
  });

  it.each([['seller'], ['buyer'], ['invoiceNumber'], ['issueDate'], ['amount'], ['currency']])('is null without %s', (part) => {
    expect(invoiceFingerprint(key, { ...PARTS, [part]: null })).toBeNull();
  });
});

describe('double-financing fingerprints', () => {
  it('makes a key on first use, audited by its id only', async () => {
    const a = await workspace([]);
    await a.asBen();
    const info = value(await a.api.fingerprints.info({}));
    const stored = a.ws.db.prepare("SELECT value FROM meta WHERE key = 'fingerprint_key'").pluck().get() as string;
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(info).toEqual({ keyId: createHash('sha256').update(Buffer.from(stored, 'hex')).digest('hex').slice(0, 16), own: 0, imported: 0, sources: [] });
    const audit = value(await a.api.audit.list({ action: 'fingerprints.key_created' })).rows;
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(stored);
    await a.backend.close();
  });

  it('lets only a risk officer set the consortium key; the audit names old and new key ids, never the key', async () => {
    const a = await workspace([]);
    await a.asBen();
    expect(await a.api.fingerprints.setKey({ key: CONSORTIUM_KEY })).toMatchObject({ ok: false, error: { code: 'AUTH.FORBIDDEN' } });
    const before = value(await a.api.fingerprints.info({})).keyId;
    await a.asAna();
    const { keyId } = value(await a.api.fingerprints.setKey({ key: CONSORTIUM_KEY.toUpperCase() }));
    expect(keyId).toBe(keyIdOf(Buffer.from(CONSORTIUM_KEY, 'hex')));
    const entry = value(await a.api.audit.list({ action: 'fingerprints.key_set' })).rows[0];
    expect(entry?.details).toEqual({ oldKeyId: before, newKeyId: keyId, droppedImported: 0 });
    const everything = JSON.stringify(value(await a.api.audit.list({ limit: 5000 })).rows).toLowerCase();
    expect(everything).not.toContain(CONSORTIUM_KEY);
    await a.backend.close();
  });

  it('export from one workspace and import into another under the same key finds the invoice financed twice', async () => {
    const a = await workspace(['r01-invoice.pdf', 'r05-invoice.pdf', 'r09-invoice-photo.jpg']);
    const b = await workspace(['r11-invoice-scan.pdf', 'r02-invoice-scan.jpg']);
    for (const w of [a, b]) {
      await w.asAna();
      value(await w.api.fingerprints.setKey({ key: CONSORTIUM_KEY }));
    }
    await a.asBen();
    const file = value(await a.api.fingerprints.export({}));
    expect(file).toMatchObject({ mediaType: 'application/json', encoding: 'utf8', fileName: expect.stringMatching(/^fingerprints-[0-9a-f]{16}-2026-03-01\.json$/) });
    const parsed = JSON.parse(file.data) as { format: string; version: number; keyId: string; count: number; fingerprints: string[]; exportedAt: string };
    expect(parsed).toMatchObject({ format: 'quayside-fingerprints', version: FINGERPRINT_SCHEME, keyId: keyIdOf(Buffer.from(CONSORTIUM_KEY, 'hex')), count: 3 });
    expect(parsed.fingerprints).toEqual([...parsed.fingerprints].sort());
    // Nothing of the invoices is in the file in clear.
    for (const secret of ['SPR/EX/2026', 'SPR', 'Saigon', 'SAIGON', 'Rheinfeld', 'Pacific', '52569', '103455', '2026-03-03', 'r05']) {
      expect(file.data).not.toContain(secret);
    }

    await b.asBen();
    const result = value(await b.api.fingerprints.import({ source: 'Co-manager A', data: file.data }));
    expect(result).toEqual({ imported: 3, matches: 1 });
    const key = fingerprintKey(b.ws.db);
    const own = ownFingerprints(b.ws.db, key);
    const foreign = foreignFingerprints(b.ws.db);
    const hit = [...own].find(([fp]) => foreign.has(fp));
    expect(hit?.[1]).toEqual([b.seeded.get('r11-invoice-scan.pdf')?.receivableId]);
    expect(foreign.get(hit?.[0] ?? '')).toBe('Co-manager A');
    expect(value(await b.api.fingerprints.info({}))).toMatchObject({ own: 2, imported: 3, sources: ['Co-manager A'] });
    const audit = value(await b.api.audit.list({ action: 'fingerprints.imported' })).rows[0];
    expect(audit?.details).toMatchObject({ source: 'Co-manager A', count: 3, matches: 1, replaced: 0 });

    // A newer file from the same co-manager replaces the older one.
    value(await b.api.fingerprints.import({ source: 'Co-manager A', data: file.data }));
    expect(foreignFingerprints(b.ws.db).size).toBe(3);

    // Fingerprints imported before the scheme changed can never match: kept, but not consulted.
    b.ws.db.prepare("INSERT INTO foreign_fingerprints (fingerprint, source, imported_at, imported_by, scheme) VALUES (?, 'Old co-manager', '2026-01-01', 'x', 1)").run(hit?.[0]);
    expect(foreignFingerprints(b.ws.db).get(hit?.[0] ?? '')).toBe('Co-manager A');
    expect(value(await b.api.fingerprints.info({}))).toMatchObject({ imported: 3, sources: ['Co-manager A'] });
    // A file of the older scheme is refused, saying what to do.
    const older = await b.api.fingerprints.import({ source: 'Old co-manager', data: JSON.stringify({ ...parsed, version: 1 }) });
    expect(older).toMatchObject({ ok: false, error: { code: 'FINGERPRINT.FILE_INVALID', message: expect.stringContaining('scheme 1') } });
    expect(older.ok ? '' : older.error.message).toContain('Ask the co-manager to update Quayside and export again.');
    await a.backend.close();
    await b.backend.close();
  });

  it('refuses a file made under another key, telling people to agree on one key', async () => {
    const a = await workspace(['r05-invoice.pdf']);
    const b = await workspace(['r11-invoice-scan.pdf']);
    await a.asAna();
    value(await a.api.fingerprints.setKey({ key: CONSORTIUM_KEY }));
    await b.asAna();
    value(await b.api.fingerprints.setKey({ key: OTHER_KEY }));
    const file = value(await a.api.fingerprints.export({}));
    const refused = await b.api.fingerprints.import({ source: 'A', data: file.data });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FINGERPRINT.KEY_MISMATCH', message: expect.stringContaining('fingerprints.setKey') } });
    expect(foreignFingerprints(b.ws.db).size).toBe(0);
    await a.backend.close();
    await b.backend.close();
  });

  it('refuses a file changed after export, or one that is not a fingerprint file', async () => {
    const a = await workspace(['r05-invoice.pdf', 'r01-invoice.pdf']);
    await a.asAna();
    value(await a.api.fingerprints.setKey({ key: CONSORTIUM_KEY }));
    const file = JSON.parse(value(await a.api.fingerprints.export({})).data) as { fingerprints: string[]; count: number };
    const first = file.fingerprints[0] ?? '';
    const swapped = { ...file, fingerprints: [`${first.slice(0, 63)}${first.endsWith('0') ? '1' : '0'}`, ...file.fingerprints.slice(1)] };
    const added = { ...file, fingerprints: [...file.fingerprints, 'f'.repeat(64)], count: file.count + 1 };
    for (const data of [JSON.stringify(swapped), JSON.stringify(added), 'not json', '{"format":"something-else"}', JSON.stringify({ ...file, fingerprints: ['XYZ'] })]) {
      const result = await a.api.fingerprints.import({ source: 'Tampered', data });
      expect(result, data.slice(0, 40)).toMatchObject({ ok: false, error: { code: 'FINGERPRINT.FILE_INVALID' } });
    }
    expect(foreignFingerprints(a.ws.db).size).toBe(0);
    await a.backend.close();
  });

  it('refuses a workspace\'s own file, which would make every invoice look financed twice', async () => {
    const a = await workspace(['r05-invoice.pdf']);
    await a.asAna();
    const file = value(await a.api.fingerprints.export({}));
    const refused = await a.api.fingerprints.import({ source: 'Myself', data: file.data });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FINGERPRINT.FILE_INVALID', message: expect.stringContaining('this very workspace') } });
    expect(foreignFingerprints(a.ws.db).size).toBe(0);
    await a.backend.close();
  });

  it('uses the fields as they stand: a person\'s correction changes the fingerprint', async () => {
    const a = await workspace(['r05-invoice.pdf']);
    const key = fingerprintKey(a.ws.db);
    const before = [...ownFingerprints(a.ws.db, key).keys()];
    expect(before).toEqual([invoiceFingerprint(key, PARTS)]);
    const documentId = a.seeded.get('r05-invoice.pdf')?.documentId ?? '';
    a.ws.db.transaction(() => setCorrection(a.ws.db, documentId, 'invoice_number', { value: 'SPR/EX/2026/0169', by: 'x', at: '2026-03-01', previous: 'SPR/EX/2026/0167' }))();
    expect([...ownFingerprints(a.ws.db, key).keys()]).toEqual([invoiceFingerprint(key, { ...PARTS, invoiceNumber: 'SPR/EX/2026/0169' })]);
    await a.backend.close();
  });
});
