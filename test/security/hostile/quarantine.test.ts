// A document whose read is interrupted twice (the process killed while reading it, as a hostile
// file that takes the reader down would do) is quarantined at the next start: failed with
// DOCUMENT.QUARANTINED, audited, never claimed again automatically; a person's retry reads it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackend, inProcessClient } from '../../../src/backend/backend';
import { openWorkspace, initWorkspace } from '../../../src/backend/workspace';
import { tempDir } from '../../integration/helpers/temp';

const value = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
};

describe('quarantine', () => {
  it('re-queues an interrupted read once, quarantines the second, and reads it again on a person\'s retry', { timeout: 120_000 }, async () => {
    const dir = join(tempDir(), 'ws');
    const created = initWorkspace(dir);
    if (!created.ok) throw new Error(created.error.message);
    let backend = createBackend(created.value, 'cli', { startIntake: false });
    let api = inProcessClient(backend.handlers);
    const ana = value(await api.profiles.create({ name: 'Ana', role: 'analyst', passphrase: 'passphrase-ana' }));
    const data = readFileSync(join(process.cwd(), 'resources/samples/r06-invoice.pdf')).toString('base64');
    const [doc] = value(await api.documents.ingest({ files: [{ name: 'r06-invoice.pdf', data }] })).accepted;
    const db = created.value.db;
    const status = () => db.prepare('SELECT status, error_code, interruptions FROM documents WHERE id = ?').get(doc!.documentId) as { status: string; error_code: string | null; interruptions: number };
    // A process killed while reading leaves the document `processing`.
    const killedWhileReading = () => db.prepare("UPDATE documents SET status = 'processing' WHERE id = ?").run(doc!.documentId);

    // First interruption: the next start re-queues it — shown here without reading, by the repo step.
    killedWhileReading();
    const { requeueInterrupted } = await import('../../../src/backend/documents/documents-repo');
    expect(requeueInterrupted(db)).toEqual({ requeued: 1, quarantined: [] });
    expect(status()).toMatchObject({ status: 'queued', interruptions: 1 });

    // Second interruption: the next start (a real intake queue) quarantines it and reads nothing.
    killedWhileReading();
    await backend.close();
    const reopened = openWorkspace(dir);
    if (!reopened.ok) throw new Error(reopened.error.message);
    backend = createBackend(reopened.value, 'cli', { startIntake: true });
    api = inProcessClient(backend.handlers);
    await backend.intake.idle();
    const again = reopened.value.db.prepare('SELECT status, error_code, error_message FROM documents WHERE id = ?').get(doc!.documentId) as { status: string; error_code: string; error_message: string };
    expect(again).toMatchObject({ status: 'failed', error_code: 'DOCUMENT.QUARANTINED' });
    expect(again.error_message).toMatch(/interrupted 2 times.*not read again automatically/);
    const audited = reopened.value.db.prepare("SELECT actor, details FROM audit WHERE action = 'document.quarantined'").all() as { actor: string; details: string }[];
    expect(audited).toHaveLength(1);

    // A person's retry reads it.
    value(await api.session.signIn({ profileId: ana.id, passphrase: 'passphrase-ana' }));
    value(await api.documents.retry({ id: doc!.documentId }));
    await backend.intake.idle();
    expect(reopened.value.db.prepare('SELECT status, interruptions FROM documents WHERE id = ?').get(doc!.documentId)).toEqual({ status: 'extracted', interruptions: 0 });
    await backend.close();
  });
});
