import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp';

const CLI = join(process.cwd(), 'src/cli/quayside.mjs');

/** Runs the real command in a child process, the way a user does. */
const quayside = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const run = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, QUAYSIDE_PASSPHRASE: '', ...env }, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
};

const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

describe('quayside CLI', () => {
  it('init → profile create → audit verify, then a row changed with the sqlite3 tool breaks verify at that entry', () => {
    const ws = join(tempDir(), 'ws');
    expect(quayside(['workspace', 'init', ws])).toMatchObject({ code: 0, out: `Created workspace ${ws}\n` });
    const created = quayside(['--workspace', ws, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/Created Ana \(Risk officer\)\n\s+id\s+prf_/);
    expect(quayside(['--workspace', ws, 'audit', 'verify'])).toMatchObject({ code: 0, out: expect.stringContaining('Audit chain intact: 2 entries') });

    const db = join(ws, 'quayside.db');
    const edit = "UPDATE audit SET details = json_set(details, '$.role', 'analyst') WHERE seq = 2;";
    if (hasSqlite3) {
      // The app's trigger refuses the edit; someone set on tampering drops it first.
      const refused = spawnSync('sqlite3', [db, edit], { encoding: 'utf8' });
      expect(refused.stderr).toContain('append-only');
      execFileSync('sqlite3', [db, `DROP TRIGGER audit_no_update; ${edit}`]);
    } else {
      const raw = new BetterSqlite3(db);
      raw.exec(`DROP TRIGGER audit_no_update; ${edit}`);
      raw.close();
    }
    const broken = quayside(['--workspace', ws, 'audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('Audit chain BROKEN at entry 2 (edited)');
    const json = JSON.parse(quayside(['--workspace', ws, '--json', 'audit', 'verify']).out) as { firstBroken: { seq: number } };
    expect(json.firstBroken.seq).toBe(2);
  });

  it('needs a signed-in risk officer (--as) for the second person', () => {
    const ws = join(tempDir(), 'ws');
    quayside(['workspace', 'init', ws]);
    quayside(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
    const anonymous = quayside(['-w', ws, 'profile', 'create', '--name', 'Ben', '--role', 'analyst'], { QUAYSIDE_PASSPHRASE: 'ben passphrase' });
    expect(anonymous).toMatchObject({ code: 2, err: expect.stringContaining('AUTH.NO_ACTIVE_PROFILE') });
    const wrong = quayside(['-w', ws, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'Ana'], {
      QUAYSIDE_PASSPHRASE: 'ben passphrase',
      QUAYSIDE_AS_PASSPHRASE: 'not anas',
    });
    expect(wrong).toMatchObject({ code: 2, err: expect.stringContaining('AUTH.BAD_PASSPHRASE') });
    const ok = quayside(['-w', ws, 'profile', 'create', '--name', 'Ben', '--role', 'analyst', '--as', 'ana'], {
      QUAYSIDE_PASSPHRASE: 'ben passphrase',
      QUAYSIDE_AS_PASSPHRASE: 'ana passphrase',
    });
    expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('added by Ana') });
    const people = JSON.parse(quayside(['-w', ws, '--json', 'profile', 'list']).out) as { name: string; role: string }[];
    expect(people.map((p) => [p.name, p.role])).toEqual([['Ana', 'risk_officer'], ['Ben', 'analyst']]);
    const audit = quayside(['-w', ws, 'audit', 'list', '--action', 'profile.created']);
    expect(audit.out).toContain('2 shown of 2 matching');
  });

  it('ingests files as a person, refuses what it cannot read, and lists and searches documents', { timeout: 120_000 }, () => {
    const ws = join(tempDir(), 'ws');
    quayside(['workspace', 'init', ws]);
    quayside(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'analyst'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
    const as = { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };
    expect(quayside(['-w', ws, 'ingest', 'resources/samples/r01-invoice.pdf'])).toMatchObject({ code: 2, err: expect.stringContaining('--as NAME') });
    const run = quayside(['-w', ws, 'ingest', 'resources/samples/r01-invoice.pdf', 'package.json', 'no-such-file.pdf', '--as', 'Ana'], as);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/r01-invoice\.pdf: extracted, invoice, \d+ fields/);
    expect(run.out).toContain('package.json: rejected — package.json is not a PDF');
    expect(run.err).toMatch(/DOCUMENT.NOT_FOUND: .*no-such-file.pdf does not exist/);
    expect(run.err).toMatch(/r01-invoice\.pdf: done 1\/1/);
    const again = quayside(['-w', ws, 'ingest', 'resources/samples/r01-invoice.pdf', '--as', 'Ana'], as);
    expect(again).toMatchObject({ code: 0, out: expect.stringContaining('not added twice') });
    const listed = quayside(['-w', ws, 'documents', 'list', '--as', 'Ana', '--search', 'Polytech'], as);
    expect(listed.out).toMatch(/extracted\s+invoice\s+Saigon Polytech.*USD 103455\.00\s+r01-invoice\.pdf/);
    expect(quayside(['-w', ws, 'documents', 'list', '--as', 'Ana', '--search', 'zzqx'], as).out).toContain('No documents');
  });

  it('exports the policy, sets an edited file as a new audited version, and refuses an invalid one with every path', { timeout: 60_000 }, () => {
    const ws = join(tempDir(), 'ws');
    quayside(['workspace', 'init', ws]);
    quayside(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'risk_officer'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' });
    const as = { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' };
    const file = join(tempDir(), 'policy.json');
    expect(quayside(['-w', ws, 'policy', 'export', '--out', file, '--as', 'Ana'], as)).toMatchObject({ code: 0, err: expect.stringContaining('Policy version 1 written') });
    const exported = readFileSync(file, 'utf8');
    expect(JSON.parse(exported).eligibility.maxTenorDays).toBe(120);

    writeFileSync(file, exported.replace('"maxTenorDays": 120', '"maxTenorDays": 90'));
    expect(quayside(['-w', ws, 'policy', 'set', file, '--as', 'Ana'], as)).toMatchObject({ code: 2, err: expect.stringContaining('--note') });
    const set = quayside(['-w', ws, 'policy', 'set', file, '--note', 'shorter tenor after the Q3 review', '--as', 'Ana'], as);
    expect(set).toMatchObject({ code: 0, out: expect.stringContaining('Policy version 2 saved (1 change)') });
    expect(set.out).toContain('eligibility.maxTenorDays: 120 → 90');
    expect(quayside(['-w', ws, 'policy', 'set', file, '--note', 'again', '--as', 'Ana'], as)).toMatchObject({ code: 0, err: expect.stringContaining('nothing to save') });

    writeFileSync(file, exported.replace('"maxTenorDays": 120', '"maxTenorDays": -3').replace('"minConfidence": 0.8', '"minConfidence": 7'));
    const refused = quayside(['-w', ws, 'policy', 'set', file, '--note', 'typo', '--as', 'Ana'], as);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('not a valid policy (2 errors); nothing was saved');
    expect(refused.err).toContain('eligibility.maxTenorDays:');
    expect(refused.err).toContain('dataQuality.minConfidence:');
    const shown = JSON.parse(quayside(['-w', ws, '--json', 'policy', 'show']).out) as { policy: { eligibility: { maxTenorDays: number } } };
    expect(shown.policy.eligibility.maxTenorDays).toBe(90);
    expect(quayside(['-w', ws, 'audit', 'list', '--action', 'policy.saved']).out).toContain('1 shown of 1 matching');
  });

  it('runs from a bundle of its sources, made again when a source no longer matches it', () => {
    expect(quayside(['--version']).code).toBe(0);
    const inputsFile = join(process.cwd(), 'out/cli/inputs.json');
    const { inputs } = JSON.parse(readFileSync(inputsFile, 'utf8')) as { inputs: [string, number, number][] };
    expect(inputs.map(([file]) => file)).toContain('src/cli/main.ts');
    // A source edited since: its recorded size no longer matches, so the next run bundles again.
    writeFileSync(inputsFile, JSON.stringify({ inputs: inputs.map(([file, size, mtime]) => [file, file === 'src/cli/main.ts' ? size + 1 : size, mtime]) }));
    expect(quayside(['--version']).code).toBe(0);
    expect(JSON.parse(readFileSync(inputsFile, 'utf8'))).toEqual({ inputs });
    // Without esbuild's bundle (QUAYSIDE_CLI_TSX=1) the sources run through tsx, the same way.
    expect(quayside(['--version'], { QUAYSIDE_CLI_TSX: '1' })).toMatchObject({ code: 0, out: quayside(['--version']).out });
  });

  it('says what to do on bad usage and on workspaces it cannot open', { timeout: 60_000 }, () => {
    expect(quayside([])).toMatchObject({ code: 2, out: expect.stringContaining('Usage: quayside') });
    expect(quayside(['--help']).code).toBe(0);
    expect(quayside(['--version']).out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(quayside(['frobnicate'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown command 'frobnicate'") });
    expect(quayside(['--bogus'])).toMatchObject({ code: 2, err: expect.stringContaining("Unknown option '--bogus'") });
    const missing = join(tempDir(), 'nowhere');
    expect(quayside(['-w', missing, 'audit', 'verify'])).toMatchObject({ code: 2, err: expect.stringContaining('quayside workspace init') });
    const ws = join(tempDir(), 'ws');
    quayside(['workspace', 'init', ws]);
    const raw = new BetterSqlite3(join(ws, 'quayside.db'));
    raw.pragma('user_version = 42');
    raw.close();
    expect(quayside(['-w', ws, 'workspace', 'info'])).toMatchObject({ code: 2, err: expect.stringContaining('WORKSPACE.TOO_NEW') });
    expect(quayside(['workspace', 'init', ws])).toMatchObject({ code: 2, err: expect.stringContaining('already a Quayside workspace') });
    expect(quayside(['-w', ws, 'profile', 'create', '--name', 'A', '--role', 'analyst'])).toMatchObject({ code: 2 });
  });

  it('runs the demo end to end and writes its report', { timeout: 240_000 }, () => {
    const out = join(tempDir(), 'demo');
    const run = quayside(['demo', '--out', out, '--limit', '3']);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/3 documents in [\d.]+ s: \d+ from the text layer, \d+ by OCR, 0 failed/);
    expect(run.out).toContain('refused — Only a risk officer can add people');
    expect(run.out).toContain('Audit chain intact');
    expect(run.out).toContain('Audit chain BROKEN at entry 3');
    const report = JSON.parse(readFileSync(join(out, 'demo-report.json'), 'utf8')) as { documents: { status: string }[] };
    expect(report.documents.map((d) => d.status)).toEqual(['extracted', 'extracted', 'extracted']);
    expect(quayside(['demo', '--out', out, '--limit', '1']).code).toBe(0);
    expect(quayside(['-w', join(out, 'workspace'), 'audit', 'verify']).code).toBe(0);
    const notDemo = tempDir();
    execFileSync('touch', [join(notDemo, 'precious.txt')]);
    expect(quayside(['demo', '--out', notDemo])).toMatchObject({ code: 2, err: expect.stringContaining('not made by') });
  });
});
