import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { startHost } from './server';

// `npx tsx test/host/serve.ts [--workspace DIR] [--port N] [--open]`: the UI in a browser against the
// real backend, for `npm run dev:browser`. Without --workspace a throw-away temp workspace is used.

const { values } = parseArgs({
  options: {
    workspace: { type: 'string' },
    port: { type: 'string' },
    open: { type: 'boolean', default: false },
  },
});

const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a number between 0 and 65535, not ${values.port}`);
  process.exit(2);
}

let host: Awaited<ReturnType<typeof startHost>>;
try {
  host = await startHost({ port, ...(values.workspace ? { workspaceDir: values.workspace } : {}) });
} catch (error) {
  // A workspace another program holds (WORKSPACE.IN_USE, naming it) is a message, not a stack.
  console.error(`Quayside test host could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
console.log(`Quayside test host: ${host.url}`);
console.log(`Workspace: ${host.workspaceDir}`);
console.log('Press Ctrl+C to stop.');

if (values.open) {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [host.url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log(`Could not start ${opener}; open ${host.url} yourself.`));
  child.unref();
}

const stop = (): void => {
  host
    .close()
    // A throw-away workspace goes with the host; one named with --workspace is the person's to keep.
    .then(() => (values.workspace ? undefined : rm(host.workspaceDir, { recursive: true, force: true })))
    .then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
