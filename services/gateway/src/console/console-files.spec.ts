import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleContentSecurityPolicy, consoleFileFor } from './console-files';

const root = mkdtempSync(join(tmpdir(), 'console-'));
mkdirSync(join(root, 'assets', 'images'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<html></html>');
writeFileSync(join(root, 'assets', 'index-IY_ZpV5v.js'), '');
writeFileSync(join(root, 'assets', 'images', 'icon.svg'), '');
writeFileSync(join(root, '..', 'secret.txt'), 'no');

describe('the console files the gateway serves', () => {
  it('serves hashed bundle files as immutable and other files as revalidated', () => {
    expect(consoleFileFor(root, '/assets/index-IY_ZpV5v.js')).toEqual({
      path: join(root, 'assets', 'index-IY_ZpV5v.js'),
      cache: 'immutable',
    });
    expect(consoleFileFor(root, '/assets/images/icon.svg')?.cache).toBe('revalidate');
  });

  it("answers the app's own routes with index.html, and nothing for a missing file", () => {
    expect(consoleFileFor(root, '/')).toEqual({ path: join(root, 'index.html'), cache: 'revalidate' });
    expect(consoleFileFor(root, '/cases/7f3c/history')?.path).toBe(join(root, 'index.html'));
    expect(consoleFileFor(root, '/assets/missing.js')).toBeNull();
  });

  it('never leaves its folder, however the path is written', () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/a%00b',
      '/%E0%A4%A',
    ])
      expect(consoleFileFor(root, path)?.path ?? null).not.toBe(join(root, '..', 'secret.txt'));
    expect(consoleFileFor(root, '/%2e%2e/secret.txt')).toBeNull();
  });

  it('allows scripts only from its own origin and the sign-in providers for connections and forms', () => {
    const policy = consoleContentSecurityPolicy(['http://127.0.0.1:3090', 'http://127.0.0.1:3090']);
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' http://127.0.0.1:3090;");
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-inline');
  });
});
