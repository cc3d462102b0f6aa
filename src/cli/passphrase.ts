import { createInterface } from 'node:readline';

/**
 * Reads a passphrase from an environment variable, or asks for it on the terminal without echo.
 * Returns undefined when neither is possible (no variable, no terminal).
 */
export async function readPassphrase(envName: string, prompt: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Keep the prompt visible but never echo what is typed.
  const muted = rl as unknown as { _writeToOutput: (text: string) => void };
  let prompted = false;
  muted._writeToOutput = (text: string) => {
    if (!prompted) {
      process.stderr.write(text);
      prompted = true;
    }
  };
  try {
    return await new Promise<string>((resolve) => rl.question(prompt, resolve));
  } finally {
    process.stderr.write('\n');
    rl.close();
  }
}
