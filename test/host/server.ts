import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../../src/backend/backend';
import { initWorkspace, openWorkspace } from '../../src/backend/workspace';
import type { Workspace } from '../../src/backend/workspace';
import { dispatch } from '../../src/shared/api';
import type { CallContext } from '../../src/shared/api';
import { PAGE_SECURITY_HEADERS, mimeTypeFor } from '../../src/shared/security';
import { err } from '../../src/shared/result';
import type { Result } from '../../src/shared/result';

/**
 * The loopback test host: serves the built renderer and the real backend over HTTP on 127.0.0.1 so
 * that Playwright (and a developer's browser) can drive the UI without Electron. It is a test tool,
 * but it is reachable by every local process, so it still guards against DNS rebinding and CSRF.
 */

export type HostOptions = {
  /** An existing workspace (or an empty folder to create one in); a fresh temp workspace otherwise. */
  readonly workspaceDir?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /** The built renderer; `out/renderer` of the repository by default. */
  readonly rendererDir?: string;
};

export type Host = {
  readonly url: string;
  readonly workspaceDir: string;
  readonly close: () => Promise<void>;
};

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
// documents.ingest carries whole files as base64 (a third larger than the bytes); the renderer sends
// them in batches of at most 64 MB, and one large scan may go alone.
const MAX_BODY_BYTES = 300 * 1024 * 1024;
const SSE_KEEPALIVE_MS = 15_000;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  ...PAGE_SECURITY_HEADERS,
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

function openOrCreate(workspaceDir: string | undefined): { ws: Workspace; dir: string } {
  const dir = workspaceDir ?? mkdtempSync(join(tmpdir(), 'quayside-host-'));
  // The lock file names the host to a CLI command refused while it serves the workspace.
  const owner = { app: 'Quayside test host', command: 'serve' };
  const opened = workspaceDir ? openWorkspace(dir, { create: true, owner }) : initWorkspace(dir, { owner });
  if (!opened.ok) throw new Error(`${opened.error.code}: ${opened.error.message}`);
  return { ws: opened.value, dir: opened.value.dir };
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function sendResult(res: ServerResponse, status: number, result: Result<unknown>): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(result));
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolveBody(null);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the loopback host with a real backend; `close()` stops the server and closes the workspace. */
export async function startHost(options: HostOptions = {}): Promise<Host> {
  const rendererDir = resolve(options.rendererDir ?? join(REPO_ROOT, 'out', 'renderer'));
  const rendererRoot = await realpath(rendererDir).catch(() => {
    throw new Error(`The renderer is not built: ${rendererDir} is missing. Run 'npx electron-vite build' first.`);
  });
  const { ws, dir } = openOrCreate(options.workspaceDir);
  const backend = createBackend(ws, 'browser-host');
  const streams = new Set<ServerResponse>();
  let ownHost = '';

  const ctx: CallContext = {
    emit: (event, payload) => {
      const frame = `data: ${JSON.stringify({ event, payload })}\n\n`;
      for (const stream of streams) stream.write(frame);
    },
  };
  // Intake progress belongs to no single call: broadcast it to every open page.
  backend.onEvent((event, payload) => ctx.emit(event, payload));
  const reportBug = (method: string, error: unknown): void => {
    console.error(`[quayside host] ${method} failed:`, error);
  };

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    let relative: string;
    try {
      relative = decodeURIComponent(pathname);
    } catch {
      send(res, 400, 'text/plain; charset=utf-8', 'Bad path');
      return;
    }
    if (relative.includes('\0')) {
      send(res, 400, 'text/plain; charset=utf-8', 'Bad path');
      return;
    }
    if (relative === '/' || relative === '') relative = '/index.html';
    const candidate = resolve(rendererRoot, `.${relative}`);
    // Resolve symlinks too, so a link inside out/renderer cannot point outside it.
    const real = await realpath(candidate).catch(() => null);
    if (!real || (real !== rendererRoot && !real.startsWith(rendererRoot + sep))) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const info = await stat(real).catch(() => null);
    if (!info?.isFile()) {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
      return;
    }
    const body = await readFile(real);
    const type = mimeTypeFor(real);
    if (req.method === 'HEAD') {
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': body.length });
      res.end();
      return;
    }
    send(res, 200, type, body);
  }

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      sendResult(res, 405, err('INPUT.INVALID', 'Use POST for /api/invoke.'));
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      sendResult(res, 415, err('INPUT.INVALID', 'Send the call as application/json.'));
      return;
    }
    // A page from another origin could still POST JSON with a simple fetch; the browser tells us.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${ownHost}`) {
      sendResult(res, 403, err('SENDER.UNTRUSTED', 'Calls are accepted only from the Quayside page itself.'));
      return;
    }
    const text = await readBody(req);
    if (text === null) {
      sendResult(res, 413, err('INPUT.INVALID', 'The request is larger than 300 MB.'));
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      sendResult(res, 400, err('INPUT.INVALID', 'The request body is not valid JSON.'));
      return;
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      sendResult(res, 400, err('INPUT.INVALID', 'Send {"method": "...", "input": {...}}.'));
      return;
    }
    const { method, input } = body as { method?: unknown; input?: unknown };
    const result = await dispatch(backend.handlers, method, input, ctx, reportBug);
    sendResult(res, 200, result);
  }

  function subscribe(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'GET') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream; charset=utf-8',
      Connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), SSE_KEEPALIVE_MS);
    keepAlive.unref();
    req.on('close', () => {
      clearInterval(keepAlive);
      streams.delete(res);
    });
  }

  const server = createServer((req, res) => {
    // DNS rebinding: a hostile name resolving to 127.0.0.1 still carries its own name in Host.
    if (req.headers.host !== ownHost) {
      send(res, 421, 'text/plain; charset=utf-8', 'Misdirected request');
      return;
    }
    const pathname = new URL(req.url ?? '/', `http://${ownHost}`).pathname;
    const handled =
      pathname === '/api/invoke'
        ? invoke(req, res)
        : pathname === '/api/events'
          ? Promise.resolve(subscribe(req, res))
          : serveStatic(req, res, pathname);
    handled.catch((error: unknown) => {
      reportBug(pathname, error);
      if (!res.headersSent) sendResult(res, 500, err('INTERNAL', 'The test host failed; see its console.'));
      else res.end();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  ownHost = `127.0.0.1:${port}`;

  let closed = false;
  return {
    url: `http://${ownHost}/`,
    workspaceDir: dir,
    close: async () => {
      if (closed) return;
      closed = true;
      for (const stream of streams) stream.end();
      streams.clear();
      await new Promise<void>((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}
