import { rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { startHost } from '../host/server';
import type { Host } from '../host/server';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/security';

// The loopback host is reachable by every local process, so its guards are tested like any API.

type Reply = {
  readonly status: number;
  readonly type: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
};

function send(host: Host, options: { method: string; path: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  const url = new URL(host.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: { host: url.host, ...options.headers },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), headers: res.headers, body }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const invoke = (host: Host, method: string, input: unknown, headers: Record<string, string> = {}): Promise<Reply> =>
  send(host, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ method, input }),
  });

let host: Host;
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(async () => {
  await host.close();
  await rm(host.workspaceDir, { recursive: true, force: true });
});

test('listens on 127.0.0.1 only, on a random port', () => {
  expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
});

test('serves the renderer with a MIME type and security headers', async () => {
  const index = await send(host, { method: 'GET', path: '/' });
  expect(index.status).toBe(200);
  expect(index.type).toBe('text/html; charset=utf-8');
  expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  expect(index.headers['x-content-type-options']).toBe('nosniff');
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
  expect(script).toBeTruthy();
  const js = await send(host, { method: 'GET', path: `/${script}` });
  expect(js.status).toBe(200);
  expect(js.type).toBe('text/javascript; charset=utf-8');
});

test('refuses paths outside the renderer folder', async () => {
  for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json', '/assets/..%5c..%5cpackage.json', '/%00']) {
    const reply = await send(host, { method: 'GET', path });
    expect([400, 404], path).toContain(reply.status);
    expect(reply.body).not.toContain('"name": "quayside"');
  }
});

test('rejects a Host header that is not its own (DNS rebinding)', async () => {
  const reply = await send(host, { method: 'GET', path: '/', headers: { host: 'evil.example:80' } });
  expect(reply.status).toBe(421);
  const call = await invoke(host, 'app.info', {}, { host: `localhost:${new URL(host.url).port}` });
  expect(call.status).toBe(421);
});

test('accepts only JSON calls from its own origin', async () => {
  const text = await send(host, {
    method: 'POST',
    path: '/api/invoke',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ method: 'app.info', input: {} }),
  });
  expect(text.status).toBe(415);
  const foreign = await invoke(host, 'app.info', {}, { origin: 'http://evil.example' });
  expect(foreign.status).toBe(403);
  expect(JSON.parse(foreign.body)).toMatchObject({ ok: false, error: { code: 'SENDER.UNTRUSTED' } });
  const broken = await send(host, { method: 'POST', path: '/api/invoke', headers: { 'content-type': 'application/json' }, body: '{' });
  expect(broken.status).toBe(400);
});

test('dispatches contract calls and returns Result envelopes', async () => {
  const info = await invoke(host, 'app.info', {});
  expect(JSON.parse(info.body)).toEqual({ ok: true, value: { name: 'Quayside', version: expect.any(String), shell: 'browser-host' } });
  const unknown = await invoke(host, 'nope.never', {});
  expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'METHOD.UNKNOWN' } });
  const invalid = await invoke(host, 'profiles.create', { name: 'Ana', role: 'analyst', passphrase: 'short' });
  expect(JSON.parse(invalid.body)).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
  const workspace = await invoke(host, 'workspace.info', {});
  expect(JSON.parse(workspace.body)).toMatchObject({ ok: true, value: { path: host.workspaceDir, auditEntries: 1 } });
});

test('streams contract events over Server-Sent Events', async () => {
  const url = new URL(host.url);
  const firstFrame = new Promise<string>((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/events', headers: { host: url.host } }, (res) => {
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (chunk.startsWith(': connected')) resolve(chunk);
      });
    });
    req.on('error', reject);
    req.end();
  });
  expect(await firstFrame).toContain(': connected');
});
