// A writer that never stops on its own: each transaction stores a blob and appends the audit entry
// recording it, exactly as the services do. The crash test kills it with SIGKILL at random moments.
import { randomBytes } from 'node:crypto';
import { appendAudit } from '../../../src/backend/audit/audit-log';
import { storeBlob } from '../../../src/backend/store/blobs-repo';
import { openWorkspace } from '../../../src/backend/workspace';

const dir = process.argv[2];
if (!dir) throw new Error('usage: write-loop <workspace>');
const ws = openWorkspace(dir, { create: true });
if (!ws.ok) throw new Error(ws.error.message);
const { db, blobsDir } = ws.value;
process.stdout.write('ready\n');
for (let i = 0; ; i += 1) {
  const bytes = randomBytes(4096 + (i % 7) * 10_000);
  db.transaction(() => {
    const at = new Date().toISOString();
    const blob = storeBlob(db, blobsDir, bytes, 'application/octet-stream', at);
    appendAudit(db, { at, actor: 'system', action: 'blob.stored', entity: 'blob', entityId: blob.sha256, details: { i, size: blob.size } });
  }).immediate();
}
