import type { PDFDocumentProxy } from 'pdfjs-dist';

/** What the viewer can draw: a PDF, a decoded image, or a sentence saying why there is no preview. */
export type PageSource =
  | { readonly kind: 'pdf'; readonly doc: PDFDocumentProxy; readonly pages: number }
  | { readonly kind: 'image'; readonly bitmap: ImageBitmap; readonly pages: 1 }
  // An XML e-invoice: data, no page to draw; the viewer shows what it is and the XML itself.
  | { readonly kind: 'xml'; readonly text: string }
  | { readonly kind: 'none'; readonly message: string };

export type Drawing = {
  /** Resolves once the page is on the canvas; rejects with a cancellation when cancelled. */
  readonly done: Promise<void>;
  readonly cancel: () => void;
  readonly cssWidth: number;
  readonly cssHeight: number;
};

// A canvas past ~16 million pixels fails silently in Chromium; zoomed-in pages give up sharpness first.
const MAX_CANVAS_PIXELS = 16_000_000;

/** Bytes of a base64 string (documents.file). */
export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const PREVIEWABLE_IMAGES = new Set(['image/png', 'image/jpeg']);

/** Opens a document's original bytes for drawing. Never throws: a failure becomes the sentence to show. */
export async function loadPageSource(file: { readonly mediaType: string; readonly data: string }): Promise<PageSource> {
  const type = file.mediaType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/pdf') {
    try {
      const { openPdf } = await import('./pdf');
      const doc = await openPdf(base64ToBytes(file.data));
      return { kind: 'pdf', doc, pages: doc.numPages };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { kind: 'none', message: `The preview could not open this PDF (${reason}). The fields on the right still work.` };
    }
  }
  if (PREVIEWABLE_IMAGES.has(type)) {
    try {
      const bitmap = await createImageBitmap(new Blob([base64ToBytes(file.data) as BlobPart], { type }));
      return { kind: 'image', bitmap, pages: 1 };
    } catch {
      return { kind: 'none', message: 'The preview could not decode this image. The fields on the right still work.' };
    }
  }
  if (type === 'application/xml' || type === 'text/xml') return { kind: 'xml', text: decodeXmlText(base64ToBytes(file.data)) };
  if (type === 'image/tiff') {
    return {
      kind: 'none',
      message:
        'TIFF files have no preview here: the viewer shows PDF, PNG and JPEG. The fields on the right still work, each with the page it was read from.',
    };
  }
  return { kind: 'none', message: `Files of type ${type || 'unknown'} have no preview. The fields on the right still work.` };
}

/**
 * An XML file's text for showing: UTF-16 when a byte-order mark says so, else the encoding its XML
 * declaration names, else UTF-8. Undecodable bytes show as replacement characters: it is only shown.
 */
export function decodeXmlText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const head = String.fromCharCode(...bytes.subarray(0, 200));
  const declared = head.startsWith('<?xml') ? /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head.slice(0, head.indexOf('?>') + 1 || 200))?.[1] : undefined;
  try {
    return new TextDecoder(declared ?? 'utf-8', { ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** True for the rejection pdf.js uses when a render was cancelled on purpose. */
export const isCancelled = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'RenderingCancelledException';

/** Releases what a source holds (pdf.js worker memory, decoded pixels). */
export function closePageSource(source: PageSource): void {
  if (source.kind === 'pdf') void source.doc.loadingTask.destroy();
  else if (source.kind === 'image') source.bitmap.close();
}

const pixelRatioFor = (cssWidth: number, cssHeight: number): number =>
  Math.min(window.devicePixelRatio || 1, Math.sqrt(MAX_CANVAS_PIXELS / Math.max(1, cssWidth * cssHeight))) || 1;

// Set together with the pixel size, so the canvas never shows new pixels stretched to the old size.
function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): void {
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
}

/**
 * Draws page `n` upright at a CSS width: the page turned `rotation` degrees clockwise, which is what
 * text reading did before it measured the boxes.
 */
export async function drawPage(
  source: PageSource,
  n: number,
  rotation: number,
  cssWidth: number,
  canvas: HTMLCanvasElement,
): Promise<Drawing> {
  if (source.kind === 'pdf') {
    const { drawPdfPage, pdfPageSize } = await import('./pdf');
    const size = await pdfPageSize(source.doc, n, rotation);
    const ratio = pixelRatioFor(cssWidth, (cssWidth * size.height) / size.width);
    const { drawing, cssHeight } = await drawPdfPage(source.doc, n, rotation, cssWidth, ratio, canvas);
    sizeCanvas(canvas, cssWidth, cssHeight);
    return { ...drawing, cssWidth, cssHeight };
  }
  if (source.kind === 'image') {
    const { bitmap } = source;
    const quarter = rotation === 90 || rotation === 270;
    const uprightWidth = quarter ? bitmap.height : bitmap.width;
    const uprightHeight = quarter ? bitmap.width : bitmap.height;
    const cssHeight = (cssWidth * uprightHeight) / uprightWidth;
    const ratio = pixelRatioFor(cssWidth, cssHeight);
    canvas.width = Math.max(1, Math.floor(cssWidth * ratio));
    canvas.height = Math.max(1, Math.floor(cssHeight * ratio));
    sizeCanvas(canvas, cssWidth, cssHeight);
    const context = canvas.getContext('2d');
    if (context) {
      const scale = canvas.width / uprightWidth;
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, canvas.width, canvas.height);
      // Turn about the centre, clockwise (the canvas y axis points down), then draw the image centred.
      context.translate(canvas.width / 2, canvas.height / 2);
      context.rotate((rotation * Math.PI) / 180);
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, (-bitmap.width * scale) / 2, (-bitmap.height * scale) / 2, bitmap.width * scale, bitmap.height * scale);
      context.setTransform(1, 0, 0, 1, 0, 0);
    }
    return { done: Promise.resolve(), cancel: () => undefined, cssWidth, cssHeight };
  }
  return { done: Promise.resolve(), cancel: () => undefined, cssWidth: 0, cssHeight: 0 };
}
