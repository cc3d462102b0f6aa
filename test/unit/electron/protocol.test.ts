import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake } from './fake-electron';
import { tempDirs } from './temp-dirs';
import {
  createAppProtocolHandler,
  registerAppScheme,
  resolveAppPath,
  serveAppProtocol,
} from '../../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY, mimeTypeFor } from '../../../src/shared/security';

vi.mock('electron', async () => (await import('./fake-electron')).electronModule);

const dirs = tempDirs();
let root: string;
let serve: (request: Request) => Promise<Response>;
const SECRET = 'the private key of the risk officer';

beforeAll(() => {
  const base = dirs.make();
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>Quayside</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(root, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(root, 'assets', 'font.woff2'), 'woff2');
  // Siblings of the served folder that must never be reachable.
  writeFileSync(join(base, 'secret.txt'), SECRET);
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'secret.txt'), SECRET);
  serve = createAppProtocolHandler(root);
});

afterAll(() => dirs.cleanup());
beforeEach(() => fake.reset());

describe('app: scheme', () => {
  it('is registered standard, secure and fetchable, and nothing more', () => {
    registerAppScheme();
    expect(fake.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('is served by protocol.handle', () => {
    serveAppProtocol(root);
    expect([...fake.protocolHandlers.keys()]).toEqual(['app']);
  });
});

describe('app: protocol handler', () => {
  it('serves index.html with its MIME type and the CSP header', async () => {
    const response = await serve(new Request('app://quayside/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Quayside</title>');
  });

  it.each([
    ['app://quayside/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://quayside/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://quayside/assets/font.woff2', 'font/woff2'],
    ['app://quayside/', 'text/html; charset=utf-8'],
    ['app://quayside/audit', 'text/html; charset=utf-8'],
  ])('%s is served as %s', async (url, type) => {
    const response = await serve(new Request(url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for a missing file', async () => {
    expect((await serve(new Request('app://quayside/assets/missing.js'))).status).toBe(404);
    expect((await serve(new Request('app://quayside/assets'))).status).toBe(200); // extensionless → index.html
  });

  it.each([
    'app://quayside/../secret.txt',
    'app://quayside/%2e%2e/secret.txt',
    'app://quayside/%2E%2E%2Fsecret.txt',
    'app://quayside/..%2fsecret.txt',
    'app://quayside/..%5csecret.txt',
    'app://quayside/assets/..%2f..%2fsecret.txt',
    'app://quayside/..%2frenderer-evil%2fsecret.txt',
    'app://quayside/%2fetc%2fpasswd',
    'app://quayside/%2ftmp%2fsecret.txt',
    'app://quayside/index.html%00.js',
    'app://quayside/%E0%A4%A',
  ])('never leaves the renderer folder: %s', async (url) => {
    const response = await serve(new Request(url));
    const body = await response.text();
    expect(body).not.toContain(SECRET);
    // Either refused, or (extensionless paths) the app's own index.html — never another file.
    if (response.ok) expect(body).toContain('<title>Quayside</title>');
    else expect([403, 404]).toContain(response.status);
  });

  it('refuses a literal .. segment before touching the disk', () => {
    expect(resolveAppPath(root, 'app://quayside/..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://quayside/a/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://quayside/..%5csecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://quayside/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
  });

  it('refuses other hosts and schemes', async () => {
    expect((await serve(new Request('app://elsewhere/index.html'))).status).toBe(403);
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
  });

  it('refuses writes', async () => {
    expect((await serve(new Request('app://quayside/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await serve(new Request('app://quayside/index.html', { method: 'HEAD' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('maps unknown extensions to opaque bytes', () => {
    expect(mimeTypeFor('x.exe')).toBe('application/octet-stream');
    expect(mimeTypeFor('X.SVG')).toBe('image/svg+xml');
    expect(mimeTypeFor('pdf.worker.mjs')).toBe('text/javascript; charset=utf-8');
  });
});
