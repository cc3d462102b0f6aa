#!/usr/bin/env node
// The `quayside` command. It runs the TypeScript sources through tsx, so `npx quayside` works right
// after `npm install` with no build step.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(`quayside needs Node.js 22.12 or newer; this is ${process.version}.\n`);
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
