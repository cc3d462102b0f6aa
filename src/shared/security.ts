/**
 * The Content-Security-Policy every page of Quayside runs under: the Electron `app://` protocol and
 * the loopback test host both send it as a header, and index.html repeats it in a meta tag.
 * `style-src 'unsafe-inline'` is needed because AG Grid's theming API injects its CSS at run time;
 * scripts stay restricted to the app's own files.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The origin the desktop app serves its pages from (`app://quayside/index.html`). */
export const APP_ORIGIN = 'app://quayside';
