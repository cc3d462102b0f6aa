import { readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';
import { APP_ORIGIN, PAGE_SECURITY_HEADERS, mimeTypeFor } from '../../src/shared/security';

export const APP_SCHEME = 'app';
const APP_HOST = new URL(`${APP_ORIGIN}/`).host;

/**
 * Declares `app:` as a standard, secure scheme. Must run before `app.ready`: standard gives pages a
 * real origin (relative URLs, storage), secure makes them a secure context, supportFetchAPI lets the
 * renderer `fetch` its own assets. No `bypassCSP`, `corsEnabled` or service workers.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

const SECURITY_HEADERS = PAGE_SECURITY_HEADERS;

const textResponse = (status: number, body: string): Response =>
  new Response(body, { status, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });

/**
 * Maps an `app://quayside/…` URL to a file under `rootDir`, or null when the URL is foreign or tries
 * to leave the folder. Decoding happens before the containment check, so `%2e%2e%2f` and `..%5c`
 * are caught as well as a literal `..`.
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  // Backslashes are separators on Windows; refusing them everywhere keeps one rule for all platforms.
  if (pathname.includes('\\')) return null;
  const segments = pathname.split('/').filter((segment) => segment !== '');
  if (segments.some((segment) => segment === '..')) return null;
  const root = resolve(rootDir);
  const target = resolve(join(root, ...segments));
  const rel = relative(root, target);
  if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return segments.length === 0 ? join(root, 'index.html') : target;
}

/**
 * The `app:` request handler: serves files from `rootDir` with their MIME type and the app's CSP.
 * Paths without an extension fall back to index.html so a reload on a client-side route still works.
 * Electron-free (Fetch API `Request`/`Response` only), so it is tested under plain Node.
 */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
    const resolved = resolveAppPath(rootDir, request.url);
    if (resolved === null) return textResponse(403, 'Forbidden');
    const file = extname(resolved) === '' ? join(resolve(rootDir), 'index.html') : resolved;
    try {
      const info = await stat(file);
      if (!info.isFile()) return textResponse(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          ...SECURITY_HEADERS,
          'Content-Type': mimeTypeFor(file),
          'Content-Length': String(info.size),
          // The files change only with an app update; revalidating keeps a dev rebuild visible.
          'Cache-Control': 'no-cache',
        },
      });
    } catch {
      return textResponse(404, 'Not found');
    }
  };
}

/** Serves the built renderer under `app://quayside/`; call after `app.ready`. */
export function serveAppProtocol(rootDir: string): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rootDir));
}
