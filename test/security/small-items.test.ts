// The smaller hostile-input items of issue 23: only regular files are read (a pipe or /dev/zero
// passed by path is refused before a byte is read), a name of white space is handled for its own
// file and not the batch, a full disk is STORAGE.FULL saying what was and was not stored, and file
// names holding line breaks or terminal escapes are shown escaped.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../src/backend/backend';
import { readRegularFile } from '../../src/backend/intake/regular-file';
import { initWorkspace } from '../../src/backend/workspace';
import { terminalSafe, visibleText } from '../../src/shared/visible-text';
import { fakeClock, sequentialIds, tempDir } from '../integration/helpers/temp';

const SAMPLES = join(process.cwd(), 'resources/samples');
const CLI = join(process.cwd(), 'src/cli/quayside.mjs');
const sample = (name: string): string => readFileSync(join(SAMPLES, name)).toString('base64');

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

async function workspaceIn(dir: string) {
  const ws = initWorkspace(dir, { clock: fakeClock(), ids: sequentialIds() });
  if (!ws.ok) throw new Error(ws.error.message);
  const backend = createBackend(ws.value, 'cli', { startIntake: false });
  const api = inProcessClient(backend);
  const ana = value(await api.profiles.create({ name: 'Ana', role: 'analyst', passphrase: 'passphrase-ana' }));
  value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));
  return { backend, api };
}

describe('only regular files are read', () => {
  it('refuses a named pipe, a device and a folder before reading, and a file over the size limit by its size', () => {
    const dir = tempDir();
    const fifo = join(dir, 'scan.pdf');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A pipe with no writer would block a plain read forever; this returns at once.
    expect(readRegularFile(fifo, 1024)).toMatchObject({ ok: false, error: { code: 'DOCUMENT.NOT_A_FILE', message: expect.stringContaining('named pipe (FIFO)') } });
    expect(readRegularFile('/dev/zero', 1024)).toMatchObject({ ok: false, error: { code: 'DOCUMENT.NOT_A_FILE', message: expect.stringContaining('a device') } });
    expect(readRegularFile(dir, 1024)).toMatchObject({ ok: false, error: { code: 'DOCUMENT.NOT_A_FILE' } });
    expect(readRegularFile(join(SAMPLES, 'r01-invoice.pdf'), 100)).toMatchObject({ ok: false, error: { code: 'DOCUMENT.TOO_LARGE' } });
    expect(readRegularFile(join(dir, 'missing.pdf'), 100)).toMatchObject({ ok: false, error: { code: 'DOCUMENT.NOT_FOUND' } });
  });

  it('quayside ingest and extract say so per path and read the rest', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    const fifo = join(dir, 'pipe.pdf');
    spawnSync('mkfifo', [fifo]);
    const run = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
    expect(run(['workspace', 'init', ws]).status).toBe(0);
    expect(run(['-w', ws, 'profile', 'create', '--name', 'Ana', '--role', 'analyst'], { QUAYSIDE_PASSPHRASE: 'ana passphrase' }).status).toBe(0);
    const ingest = run(['-w', ws, 'ingest', fifo, '/dev/zero', join(SAMPLES, 'r06-invoice.pdf'), '--as', 'Ana'], { QUAYSIDE_AS_PASSPHRASE: 'ana passphrase' });
    expect(ingest.stderr).toContain('DOCUMENT.NOT_A_FILE');
    expect(ingest.stderr).toMatch(/pipe\.pdf is a named pipe \(FIFO\)/);
    expect(ingest.stderr).toMatch(/\/dev\/zero is a device/);
    expect(ingest.stdout).toContain('r06-invoice.pdf: extracted');
    const extract = run(['extract', '--json', fifo]);
    expect(JSON.parse(extract.stdout.trim().split('\n')[0]!)).toMatchObject({ errors: [{ code: 'DOCUMENT.NOT_A_FILE' }] });
  });
});

describe('file names', () => {
  it('a name of white space is handled for its own file; the batch goes on', async () => {
    const { api, backend } = await workspaceIn(join(tempDir(), 'ws'));
    const added = value(await api.documents.ingest({ files: [{ name: '   ', data: sample('r06-invoice.pdf') }, { name: 'r10-invoice.pdf', data: sample('r10-invoice.pdf') }] }));
    expect(added.rejected).toEqual([]);
    expect(added.accepted.map((a) => a.fileName)).toEqual([expect.stringMatching(/^unnamed file [0-9a-f]{8}$/), 'r10-invoice.pdf']);
    await backend.close();
  });

  it('names with line breaks, escapes or bidirectional overrides are shown as what their bytes say', () => {
    expect(visibleText('invoice\n\u001b[2Jevil\u202efdp.exe')).toBe('invoice⏎\\u{1B}[2Jevil\\u{202E}fdp.exe');
    // The terminal guard leaves tabs, line feeds and ordinary text alone, and JSON meaning the same.
    const json = JSON.stringify({ file: 'a\u009bb\u202ec' });
    expect(JSON.parse(terminalSafe(json))).toEqual({ file: 'a\u009bb\u202ec' });
    expect(terminalSafe(json)).not.toMatch(/[\u0080-\u009f\u202a-\u202e]/);
  });

  it('quayside extract prints a hostile file name escaped', { timeout: 120_000 }, () => {
    const dir = tempDir();
    const hostile = join(dir, 'inv\u001b[31mRED\nline.pdf');
    copyFileSync(join(SAMPLES, 'r06-invoice.pdf'), hostile);
    const run = spawnSync(process.execPath, [CLI, 'extract', hostile], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('inv\\u{1B}[31mRED⏎line.pdf');
  });
});

const root = process.getuid?.() === 0;
describe.skipIf(!root)('a full disk (a 2 MB tmpfs; needs root to mount)', () => {
  it('is STORAGE.FULL naming the space, the files stored stay and are listed, the rest are refused', async () => {
    const dir = join(tempDir(), 'small');
    mkdirSync(dir);
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir]);
    if (mounted.status !== 0) {
      console.log(`skipped: tmpfs could not be mounted (${mounted.stderr.toString().trim()})`);
      return;
    }
    try {
      const { api, backend } = await workspaceIn(join(dir, 'ws'));
      const files = ['r06-invoice.pdf', 'r07-invoice-scan.png', 'r06-bl-scan.pdf', 'r03-bl-scan.png', 'r10-invoice.pdf'].map((name) => ({ name, data: sample(name) }));
      const added = value(await api.documents.ingest({ files }));
      const stored = added.accepted.map((a) => a.fileName);
      expect(stored).toContain('r06-invoice.pdf');
      const full = added.rejected.filter((r) => r.code === 'STORAGE.FULL');
      expect(full.length).toBeGreaterThan(0);
      expect(full[0]?.message).toMatch(/disk holding the workspace is full \([\d.]+ MB free, and this file needs [\d.]+ MB more\)/);
      // Every file is accounted for: stored, or refused with the reason.
      expect([...stored, ...added.rejected.map((r) => r.fileName)].sort()).toEqual(files.map((f) => f.name).sort());
      expect(value(await api.documents.list({})).map((d) => d.fileName).sort()).toEqual([...stored].sort());
      await backend.close();
    } finally {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
