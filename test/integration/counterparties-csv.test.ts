// Counterparty CSV files that must never lose data silently (issue 23): encodings, a record named
// twice in one file, a new id whose name is another record's, columns a file does not have, and a
// 19 MB file's memory.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { initWorkspace } from '../../src/backend/workspace';
import { decodeCsvBytes } from '../../src/core/csv';
import { fakeClock, sequentialIds, tempDir } from './helpers/temp';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function workspace() {
  const ws = initWorkspace(join(tempDir(), 'ws'), { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'risk_officer', passphrase: 'passphrase-ana' }));
  value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));
  return { backend, api };
}

const BUYERS = 'id,legal_name,country\r\n';
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

describe('counterparty CSV encodings', () => {
  it('reads Windows-1252 (what Excel writes on a Western European Windows) and UTF-16 with its mark, and says which', async () => {
    const { api, backend } = await workspace();
    const latin = Buffer.from(`${BUYERS}B1,Société Générale Négoce SARL,FR\r\nB2,Müller & Söhne GmbH,DE\r\n`, 'latin1');
    const report = value(await api.counterparties.import({ kind: 'buyer', data: base64(latin) }));
    expect(report).toMatchObject({ created: 2, encoding: 'Windows-1252', rejected: [] });
    const names = value(await api.counterparties.list({})).buyers.map((b) => b.legalName);
    expect(names).toEqual(['Müller & Söhne GmbH', 'Société Générale Négoce SARL']);
    expect(names.join('')).not.toContain('\uFFFD');

    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${BUYERS}B3,Şişecam Dış Ticaret A.Ş.,TR\r\n`, 'utf16le')]);
    expect(value(await api.counterparties.import({ kind: 'buyer', data: base64(utf16) }))).toMatchObject({ created: 1, encoding: 'UTF-16LE' });
    expect(value(await api.counterparties.list({})).buyers.map((b) => b.legalName)).toContain('Şişecam Dış Ticaret A.Ş.');
    await backend.close();
  });

  it('refuses bytes it cannot tell, naming what they look like and importing nothing', async () => {
    const { api, backend } = await workspace();
    // Cyrillic written in Windows-1251: decodes as Windows-1252 into letter soup, so it is refused.
    const cyrillic = Buffer.concat([Buffer.from(BUYERS), Buffer.from([0x42, 0x31, 0x2c, 0xce, 0xce, 0xce, 0x20, 0xd0, 0xee, 0xec, 0xe0, 0xf8, 0xea, 0xe0, 0x2c, 0x52, 0x55, 0x0d, 0x0a])]);
    const refused = await api.counterparties.import({ kind: 'buyer', data: base64(cyrillic) });
    expect(refused).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_ENCODING' } });
    if (!refused.ok) expect(refused.error.message).toMatch(/another code page.*CSV UTF-8/s);
    // UTF-8 that turns into something else half-way: mixed encodings.
    const mixed = Buffer.concat([Buffer.from(`${BUYERS}B1,Zürich Handel AG,CH\r\n`), Buffer.from('B2,Société,FR\r\n', 'latin1')]);
    const second = await api.counterparties.import({ kind: 'buyer', data: base64(mixed) });
    expect(second).toMatchObject({ ok: false, error: { code: 'COUNTERPARTY.CSV_ENCODING' } });
    if (!second.ok) expect(second.error.message).toContain('line 3');
    expect(value(await api.counterparties.list({})).buyers).toEqual([]);
    // Text another program already decoded wrongly (U+FFFD where a letter was) is refused by line.
    const mangled = value(await api.counterparties.import({ kind: 'buyer', csv: `${BUYERS}B1,Soci\uFFFDt\uFFFD G\uFFFDn\uFFFDrale,FR\r\nB2,Good Name Ltd,GB\r\n` }));
    expect(mangled.created).toBe(1);
    expect(mangled.rejected.map((r) => r.line)).toEqual([2]);
    expect(mangled.rejected[0]?.message).toContain('U+FFFD');
    await backend.close();
  });

  it('decodes the byte-order-marked and the plain forms the same way', () => {
    const text = `${BUYERS}B1,Ærø Fisk ApS,DK\r\n`;
    const forms = [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), Buffer.from(text, 'latin1')];
    const decoded = forms.map((bytes) => decodeCsvBytes(bytes));
    expect(decoded.map((d) => (d.ok ? d.encoding : d.message))).toEqual(['UTF-8', 'UTF-8', 'Windows-1252']);
    for (const d of decoded) expect(d.ok && d.text.replace(/^\uFEFF/, '')).toBe(text);
  });
});

describe('counterparty CSV rows that would overwrite', () => {
  it('refuses an id or a name a file repeats, and a new id whose name is another record, each by line', async () => {
    const { api, backend } = await workspace();
    value(await api.counterparties.import({ kind: 'buyer', csv: `${BUYERS}B1,Alpha Trading Ltd,GB\r\n` }));
    const report = value(
      await api.counterparties.import({
        kind: 'buyer',
        csv: `${BUYERS}B2,Beta Foods BV,NL\r\nB2,Gamma Foods BV,NL\r\nB4,Delta Oy,FI\r\nB5,delta oy,FI\r\nB9,ALPHA TRADING LTD,GB\r\nB6,Epsilon SA,FR\r\n`,
      }),
    );
    expect(report.created).toBe(1);
    expect(report.updated).toBe(0);
    expect(report.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(report.rejected[0]?.message).toMatch(/^Line 2: id B2 is also on line 3 of this file/);
    expect(report.rejected[2]?.message).toMatch(/^Line 4: legal name "Delta Oy" is also on line 5/);
    expect(report.rejected[4]?.message).toBe('Line 6: id B9 is new, but buyer B1 already has the legal name Alpha Trading Ltd; use id B1 to update that one, or give this one a different name. This row was not imported.');
    const buyers = value(await api.counterparties.list({})).buyers;
    expect(buyers.map((b) => [b.id, b.legalName])).toEqual([
      ['B1', 'Alpha Trading Ltd'],
      ['B6', 'Epsilon SA'],
    ]);
    await backend.close();
  });

  it('lists every update by line with the fields it changed, and counts rows that changed nothing', async () => {
    const { api, backend } = await workspace();
    value(await api.counterparties.import({ kind: 'buyer', csv: 'id,legal_name,aliases,country,rating\r\nB1,Alpha Trading Ltd,Alpha,GB,A\r\nB2,Beta Foods BV,,NL,BB\r\n' }));
    const again = value(await api.counterparties.import({ kind: 'buyer', csv: 'id,legal_name,country,rating\r\nB1,Alpha Trading Ltd,GB,BBB\r\nB2,Beta Foods BV,NL,BB\r\n' }));
    expect(again).toMatchObject({ created: 0, updated: 1, unchanged: 1, updates: [{ line: 2, id: 'B1', name: 'Alpha Trading Ltd', fields: ['rating'] }] });
    // The aliases column is not in the second file: the stored aliases stay.
    expect(value(await api.counterparties.list({})).buyers.find((b) => b.id === 'B1')?.aliases).toEqual(['Alpha']);
    await backend.close();
  });
});

describe('a 19 MB counterparty file', () => {
  it('imports through the CLI with the process staying under 500 MB', { timeout: 180_000 }, () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    const file = join(dir, 'buyers.csv');
    const lines = ['id,legal_name,aliases,country,rating,probability_of_default,tci_insurer,tci_policy_number,tci_credit_limit,tci_currency,tci_indemnity_pct,tci_waiting_period_days,tci_expiry'];
    let size = lines[0]!.length + 1;
    for (let i = 1; size < 19_000_000; i += 1) {
      const line = `B${i},Buyer Number ${i} Handelsgesellschaft mbH & Co. KG,"Buyer ${i}; BN${i} GmbH",DE,BBB,0.02,Allianz Trade,AT-${String(i).padStart(7, '0')},${1_000_000 + i},EUR,90,180,2030-12-31`;
      lines.push(line);
      size += line.length + 1;
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const cli = join(process.cwd(), 'src/cli/quayside.mjs');
    const run = (args: string[], env: NodeJS.ProcessEnv = {}, node: string[] = []) => spawnSync(process.execPath, [...node, cli, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
    expect(run(['workspace', 'init', ws]).status).toBe(0);
    expect(run(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' }).status).toBe(0);
    // The process reports its own peak resident memory as it exits.
    const peak = 'data:text/javascript,process.on("exit",()=>process.stderr.write("MAXRSS_KB "+process.resourceUsage().maxRSS+"\\n"))';
    const imported = run(['-w', ws, 'counterparties', 'import', file, '--kind', 'buyer', '--as', 'Ana'], { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' }, ['--import', peak]);
    expect(imported.status, imported.stderr).toBe(0);
    expect(imported.stdout).toContain(`${lines.length - 1} created, 0 updated, 0 unchanged, 0 rejected`);
    const kb = Number(/MAXRSS_KB (\d+)/.exec(imported.stderr)?.[1]);
    console.log(`[counterparties-csv] 19 MB file, ${lines.length - 1} buyers: peak RSS ${(kb / 1024).toFixed(0)} MiB`);
    expect(kb / 1024).toBeLessThan(500);
  });
});
