import { readFile } from 'node:fs/promises';
import type { Env, Hono } from 'hono';

const FILES = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/assets/admin.js': { file: 'admin.js', type: 'text/javascript; charset=utf-8' },
  '/assets/triggers.js': { file: 'triggers.js', type: 'text/javascript; charset=utf-8' },
  '/assets/admin.css': { file: 'admin.css', type: 'text/css; charset=utf-8' },
  // Public, before the API's bearer check: a browser asks for these without the key.
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
  '/favicon.ico': { file: 'favicon.ico', type: 'image/x-icon' },
} as const;

/**
 * The admin page: static files read once at start (no build step). The page holds no data
 * of its own; it calls the API with the key the admin typed (kept in sessionStorage).
 */
export async function mountAdminPage<E extends Env>(app: Hono<E>): Promise<void> {
  const publicDir = new URL('../../public/', import.meta.url);
  for (const [path, { file, type }] of Object.entries(FILES)) {
    const body = new Uint8Array(await readFile(new URL(file, publicDir)));
    const icon = type.startsWith('image/');
    app.get(path, (c) => {
      c.header('content-type', type);
      c.header('cache-control', icon ? 'public, max-age=86400' : 'no-store');
      c.header('x-content-type-options', 'nosniff');
      c.header(
        'content-security-policy',
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      );
      return c.body(body);
    });
  }
}
