// Preloaded into a CLI process by hostile.test.ts (`node --import`): at exit, the process's peak
// resident memory as the kernel counted it (VmHWM, every thread included), on stderr. Linux only.
import { readFileSync, writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) writeSync(2, `\npeak-rss-kb ${kb}\n`);
  } catch {
    // Not Linux: no figure, and the test says so.
  }
});
