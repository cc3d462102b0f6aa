// Runs the intake queue of a workspace until it is idle; the resume test SIGKILLs it mid-OCR.
import { createBackend } from '../../../src/backend/backend';
import { openWorkspace } from '../../../src/backend/workspace';

const dir = process.argv[2];
if (!dir) throw new Error('usage: intake-run <workspace>');
const ws = openWorkspace(dir);
if (!ws.ok) throw new Error(ws.error.message);
const backend = createBackend(ws.value, 'cli', { startIntake: true });
process.stdout.write('ready\n');
await backend.intake.idle();
await backend.close();
process.stdout.write('idle\n');
