// Vite's client types: `?url` imports (the pdf.js worker is bundled as a file of the app, so the
// strict CSP's `worker-src 'self'` allows it) and `import.meta.env`.
/// <reference types="vite/client" />
