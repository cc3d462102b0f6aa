import { AnnotationMode, GlobalWorkerOptions, VerbosityLevel, getDocument } from 'pdfjs-dist';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

/**
 * pdf.js, set up for the strict CSP: the worker is a file bundled with the app (`worker-src 'self'`),
 * never a blob built from a string. pdf.js 6 has no `eval` path left (the `isEvalSupported` switch
 * went with it), so `script-src 'self'` holds with nothing to turn off. This module is imported
 * lazily, so the app's first screen does not load pdf.js.
 */
GlobalWorkerOptions.workerSrc = workerUrl;

/** Opens a PDF from its bytes: no XFA forms, no scripting, errors only in the console. */
export async function openPdf(data: Uint8Array): Promise<PDFDocumentProxy> {
  const task = getDocument({
    data,
    enableXfa: false,
    verbosity: VerbosityLevel.ERRORS,
    // Rendering stays on this thread: an extra renderer worker buys nothing for one page at a time.
    disableWorkerRendering: true,
  });
  return task.promise;
}

export type PdfDrawing = { readonly done: Promise<void>; readonly cancel: () => void };

/**
 * Draws one page onto a canvas at a CSS width, turned by `rotation` degrees clockwise (on top of
 * the page's own /Rotate). Annotations (form widgets, links, stamps) are left out: the preview
 * shows the document as printed, which is what extraction read.
 */
export async function drawPdfPage(
  doc: PDFDocumentProxy,
  pageNumber: number,
  rotation: number,
  cssWidth: number,
  pixelRatio: number,
  canvas: HTMLCanvasElement,
): Promise<{ readonly drawing: PdfDrawing; readonly cssHeight: number }> {
  const page = await doc.getPage(pageNumber);
  const turn = (page.rotate + rotation) % 360;
  const natural = page.getViewport({ scale: 1, rotation: turn });
  const scale = cssWidth / natural.width;
  const cssHeight = natural.height * scale;
  const viewport = page.getViewport({ scale: scale * pixelRatio, rotation: turn });
  canvas.width = Math.max(1, Math.floor(viewport.width));
  canvas.height = Math.max(1, Math.floor(viewport.height));
  const task = page.render({ canvas, viewport, annotationMode: AnnotationMode.DISABLE });
  return { drawing: { done: task.promise, cancel: () => task.cancel() }, cssHeight };
}

/** The page's upright size at scale 1 (only its aspect ratio matters to the caller). */
export async function pdfPageSize(
  doc: PDFDocumentProxy,
  pageNumber: number,
  rotation: number,
): Promise<{ readonly width: number; readonly height: number }> {
  const page = await doc.getPage(pageNumber);
  const viewport = page.getViewport({ scale: 1, rotation: (page.rotate + rotation) % 360 });
  return { width: viewport.width, height: viewport.height };
}
