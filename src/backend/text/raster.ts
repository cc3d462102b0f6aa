/**
 * 8-bit grayscale page images. OCR reads gray pixels handed over as PGM: tesseract's own PNG decoder
 * runs in WebAssembly and costs more than the recognition of a sparse page, while a PGM is the raw
 * pixels behind a 15-byte header.
 */

/** A grayscale image, one byte per pixel, rows top to bottom. */
export type GrayImage = { readonly width: number; readonly height: number; readonly data: Uint8Array };

export type QuarterTurn = 0 | 90 | 180 | 270;

/** Converts RGBA pixels (as canvases hand them out) to gray, compositing transparency onto white. */
export function grayFromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const data = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < data.length; i += 4, j += 1) {
    // ITU-R BT.601 luma in integer maths; an alpha of 0 (nothing drawn) reads as paper white.
    const a = rgba[i + 3]!;
    const luma = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
    data[j] = a === 255 ? luma : 255 - (((255 - luma) * a) >> 8);
  }
  return { width, height, data };
}

/** Turns an image clockwise by a quarter-turn multiple. */
export function rotateGray(image: GrayImage, turn: QuarterTurn): GrayImage {
  const { width: w, height: h, data: src } = image;
  if (turn === 0) return image;
  const out = new Uint8Array(w * h);
  if (turn === 180) {
    for (let i = 0, n = w * h; i < n; i += 1) out[n - 1 - i] = src[i]!;
    return { width: w, height: h, data: out };
  }
  // The turned image is h wide and w tall. Clockwise: source (x, y) lands at (h-1-y, x);
  // counter-clockwise (270): at (y, w-1-x).
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    if (turn === 90) {
      const col = h - 1 - y;
      for (let x = 0; x < w; x += 1) out[x * h + col] = src[row + x]!;
    } else {
      for (let x = 0; x < w; x += 1) out[(w - 1 - x) * h + y] = src[row + x]!;
    }
  }
  return { width: h, height: w, data: out };
}

/** Shrinks an image by averaging boxes of source pixels, to at most `maxSide` pixels on its long side. */
export function shrinkGray(image: GrayImage, maxSide: number): GrayImage {
  const { width: w, height: h, data: src } = image;
  const scale = maxSide / Math.max(w, h);
  if (scale >= 1) return image;
  const ow = Math.max(1, Math.round(w * scale));
  const oh = Math.max(1, Math.round(h * scale));
  const out = new Uint8Array(ow * oh);
  for (let oy = 0; oy < oh; oy += 1) {
    const y0 = Math.floor((oy * h) / oh);
    const y1 = Math.max(y0 + 1, Math.floor(((oy + 1) * h) / oh));
    for (let ox = 0; ox < ow; ox += 1) {
      const x0 = Math.floor((ox * w) / ow);
      const x1 = Math.max(x0 + 1, Math.floor(((ox + 1) * w) / ow));
      let sum = 0;
      for (let y = y0; y < y1; y += 1) {
        const row = y * w;
        for (let x = x0; x < x1; x += 1) sum += src[row + x]!;
      }
      out[oy * ow + ox] = Math.round(sum / ((y1 - y0) * (x1 - x0)));
    }
  }
  return { width: ow, height: oh, data: out };
}

/** Encodes an image as binary PGM (P5). */
export function encodePgm(image: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${image.width} ${image.height}\n255\n`);
  const out = new Uint8Array(header.length + image.data.length);
  out.set(header, 0);
  out.set(image.data, header.length);
  return out;
}

/** Decodes a binary 8-bit PGM (P5) as written by `encodePgm`; null for anything else. */
export function decodePgm(bytes: Uint8Array): GrayImage | null {
  if (bytes.length < 8 || bytes[0] !== 0x50 || bytes[1] !== 0x35) return null;
  // Header: magic, width, height, maxval as whitespace-separated decimals (comments are not used by us).
  const fields: number[] = [];
  let i = 2;
  while (fields.length < 3 && i < bytes.length && i < 64) {
    while (i < bytes.length && isSpace(bytes[i]!)) i += 1;
    let value = 0;
    let digits = 0;
    while (i < bytes.length && bytes[i]! >= 0x30 && bytes[i]! <= 0x39) {
      value = value * 10 + (bytes[i]! - 0x30);
      digits += 1;
      i += 1;
    }
    if (digits === 0) return null;
    fields.push(value);
  }
  const [width, height, maxval] = fields;
  if (width === undefined || height === undefined || maxval !== 255 || !isSpace(bytes[i] ?? 0)) return null;
  const start = i + 1;
  if (width < 1 || height < 1 || bytes.length - start < width * height) return null;
  return { width, height, data: bytes.subarray(start, start + width * height) };
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Catmull-Rom weights for a sample at fractional offset t (0–1) from the second of four pixels. */
const cubicWeights = (t: number): [number, number, number, number] => {
  const t2 = t * t;
  const t3 = t2 * t;
  return [(-t3 + 2 * t2 - t) / 2, (3 * t3 - 5 * t2 + 2) / 2, (-3 * t3 + 4 * t2 + t) / 2, (t3 - t2) / 2];
};

/**
 * Enlarges an image by `factor` with a separable bicubic (Catmull-Rom) filter. Tesseract reads text
 * best at 20–30 px x-height; a screenshot or a small export of a page has half that, and letters
 * that are only a few pixels wide are misread (a comma lost in "110,00€" reads as 11000).
 */
export function enlargeGray(image: GrayImage, factor: number): GrayImage {
  const { width: w, height: h, data: src } = image;
  const ow = Math.max(1, Math.round(w * factor));
  const oh = Math.max(1, Math.round(h * factor));
  // Horizontal pass into floats, then vertical pass into bytes.
  const mid = new Float32Array(ow * h);
  const xIdx = new Int32Array(ow * 4);
  const xW = new Float32Array(ow * 4);
  for (let ox = 0; ox < ow; ox += 1) {
    const sx = (ox + 0.5) / factor - 0.5;
    const x1 = Math.floor(sx);
    const ws = cubicWeights(sx - x1);
    for (let k = 0; k < 4; k += 1) {
      xIdx[ox * 4 + k] = Math.min(w - 1, Math.max(0, x1 - 1 + k));
      xW[ox * 4 + k] = ws[k]!;
    }
  }
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    const out = y * ow;
    for (let ox = 0; ox < ow; ox += 1) {
      const b = ox * 4;
      mid[out + ox] = src[row + xIdx[b]!]! * xW[b]! + src[row + xIdx[b + 1]!]! * xW[b + 1]! + src[row + xIdx[b + 2]!]! * xW[b + 2]! + src[row + xIdx[b + 3]!]! * xW[b + 3]!;
    }
  }
  const data = new Uint8Array(ow * oh);
  for (let oy = 0; oy < oh; oy += 1) {
    const sy = (oy + 0.5) / factor - 0.5;
    const y1 = Math.floor(sy);
    const ws = cubicWeights(sy - y1);
    const rows = [0, 1, 2, 3].map((k) => Math.min(h - 1, Math.max(0, y1 - 1 + k)) * ow);
    const out = oy * ow;
    for (let ox = 0; ox < ow; ox += 1) {
      const v = mid[rows[0]! + ox]! * ws[0] + mid[rows[1]! + ox]! * ws[1] + mid[rows[2]! + ox]! * ws[2] + mid[rows[3]! + ox]! * ws[3];
      data[out + ox] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
    }
  }
  return { width: ow, height: oh, data };
}

/** A normalised Gaussian kernel of standard deviation `sigma`, three sigmas each side. */
function gaussianKernel(sigma: number): Float32Array {
  const radius = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(radius * 2 + 1);
  let sum = 0;
  for (let i = -radius; i <= radius; i += 1) sum += kernel[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < kernel.length; i += 1) kernel[i]! /= sum;
  return kernel;
}

/** A Gaussian blur of an image (standard deviation `sigma`, pixels), at full precision; edges repeat. */
function gaussianBlur(image: GrayImage, sigma: number): Float64Array {
  const { width: w, height: h, data: src } = image;
  const kernel = gaussianKernel(sigma);
  const r = (kernel.length - 1) / 2;
  const mid = new Float32Array(w * h);
  for (let y = 0; y < h; y += 1) {
    const row = y * w;
    for (let x = 0; x < w; x += 1) {
      let v = 0;
      for (let k = -r; k <= r; k += 1) {
        const xx = x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k;
        v += src[row + xx]! * kernel[k + r]!;
      }
      mid[row + x] = v;
    }
  }
  // Doubles, as each pixel's sum was before this was shared: a sharpened page stays bit-identical.
  const out = new Float64Array(w * h);
  for (let y = 0; y < h; y += 1) {
    for (let x = 0; x < w; x += 1) {
      let v = 0;
      for (let k = -r; k <= r; k += 1) {
        const yy = y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k;
        v += mid[yy * w + x]! * kernel[k + r]!;
      }
      out[y * w + x] = v;
    }
  }
  return out;
}

/**
 * Sharpens an image with an unsharp mask: each pixel moves `amount` times its difference from a
 * Gaussian blur of the page (standard deviation `sigma`, pixels) further from it, so a soft edge
 * between ink and paper steepens.
 */
export function sharpenGray(image: GrayImage, sigma: number, amount: number): GrayImage {
  const blur = gaussianBlur(image, sigma);
  const src = image.data;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 1) {
    const v = src[i]! + amount * (src[i]! - blur[i]!);
    data[i] = v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
  }
  return { width: image.width, height: image.height, data };
}

/** Smooths an image with a Gaussian blur (standard deviation `sigma`, pixels): a grainy page's speckle fades, its strokes stay. */
export function smoothGray(image: GrayImage, sigma: number): GrayImage {
  const blur = gaussianBlur(image, sigma);
  const data = new Uint8Array(blur.length);
  for (let i = 0; i < blur.length; i += 1) data[i] = Math.round(blur[i]!);
  return { width: image.width, height: image.height, data };
}
