import { createCanvas, loadImage } from '@napi-rs/canvas';
import UTIF from 'utif2';
import type { GrayImage } from './raster';
import { grayFromRgba } from './raster';

/** What an image file's header says about it, read before anything is decoded. */
export type ImageHeader = {
  readonly width: number;
  readonly height: number;
  /** Images in the file (TIFF can hold several); 1 for PNG and JPEG. */
  readonly frames: number;
};

/**
 * Refuse to decode beyond this: a 600 DPI A3 scan is ~70 MP, while a decompression bomb declares
 * billions of pixels in a few kilobytes and would take the process down while decoding.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_IMAGE_SIDE = 30_000;

/** Reads width and height from a PNG, JPEG or TIFF header; null when the header is missing or broken. */
export function readImageHeader(bytes: Uint8Array, mediaType: 'image/png' | 'image/jpeg' | 'image/tiff'): ImageHeader | null {
  switch (mediaType) {
    case 'image/png':
      return pngHeader(bytes);
    case 'image/jpeg':
      return jpegHeader(bytes);
    case 'image/tiff':
      return tiffHeader(bytes);
  }
}

function pngHeader(bytes: Uint8Array): ImageHeader | null {
  // Signature (8), IHDR length (4), "IHDR" (4), then width and height as big-endian u32.
  if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20), frames: 1 };
}

function jpegHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = 2;
  while (i + 9 < bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    // Fill bytes and stand-alone markers carry no length.
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = view.getUint16(i + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC) hold the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7), frames: 1 };
    }
    if (marker === 0xda || length < 2) return null;
    i += 2 + length;
  }
  return null;
}

function tiffHeader(bytes: Uint8Array): ImageHeader | null {
  if (bytes.length < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const little = bytes[0] === 0x49;
  const u16 = (at: number): number => view.getUint16(at, little);
  const u32 = (at: number): number => view.getUint32(at, little);
  let offset = u32(4);
  let width = 0;
  let height = 0;
  let frames = 0;
  const seen = new Set<number>();
  // Walk the IFD chain to count the images; the seen-set and the cap stop crafted loops.
  while (offset !== 0 && frames < 10_000) {
    if (seen.has(offset) || offset + 2 > bytes.length) return frames === 0 ? null : { width, height, frames };
    seen.add(offset);
    const entries = u16(offset);
    if (offset + 2 + entries * 12 + 4 > bytes.length) return frames === 0 ? null : { width, height, frames };
    if (frames === 0) {
      for (let e = 0; e < entries; e += 1) {
        const at = offset + 2 + e * 12;
        const tag = u16(at);
        if (tag !== 256 && tag !== 257) continue;
        // SHORT (3) or LONG (4), stored in the entry itself.
        const value = u16(at + 2) === 3 ? u16(at + 8) : u32(at + 8);
        if (tag === 256) width = value;
        else height = value;
      }
    }
    frames += 1;
    offset = u32(offset + 2 + entries * 12);
  }
  return width > 0 && height > 0 ? { width, height, frames } : null;
}

/** Whether the declared size is one we are willing to decode. */
export const imageSizeAcceptable = (h: ImageHeader): boolean =>
  h.width <= MAX_IMAGE_SIDE && h.height <= MAX_IMAGE_SIDE && h.width * h.height <= MAX_IMAGE_PIXELS;

/** Decodes a PNG or JPEG to gray pixels; throws when the bytes do not decode. */
export async function decodeToGray(bytes: Uint8Array): Promise<GrayImage> {
  const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const rgba = ctx.getImageData(0, 0, image.width, image.height).data;
  return grayFromRgba(rgba, image.width, image.height);
}

/**
 * Whether an image file ends where its format says it must: a JPEG with its end-of-image marker, a
 * PNG with its IEND chunk. A scan cut short in transfer decodes without error into a picture whose
 * lower part is grey — a total or a signature lost without a word — so it is refused instead.
 */
export function imageTruncated(bytes: Uint8Array, mediaType: 'image/png' | 'image/jpeg' | 'image/tiff'): boolean {
  if (mediaType === 'image/jpeg') {
    // EOI (FF D9), allowing the padding or trailer some cameras and scanners write after it.
    for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 4096); i -= 1) if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return false;
    return true;
  }
  if (mediaType === 'image/png') {
    const tail = bytes.subarray(Math.max(0, bytes.length - 64));
    for (let i = tail.length - 8; i >= 0; i -= 1) if (tail[i] === 0x49 && tail[i + 1] === 0x45 && tail[i + 2] === 0x4e && tail[i + 3] === 0x44) return false;
    return true;
  }
  return false;
}

/** The pages of a TIFF, each decoded to gray on demand: LZW, Deflate, JPEG, CCITT G3/G4, PackBits or none. */
export type TiffPages = { readonly count: number; readonly page: (index: number) => Promise<GrayImage> };

const tagNumbers = (ifd: UTIF.IFD, tag: number): number[] => {
  const value = ifd[`t${tag}`];
  return Array.isArray(value) ? value.map(Number) : typeof value === 'number' ? [value] : [];
};

/**
 * A JPEG-compressed TIFF page (compression 7, in strips): each strip is a JPEG stream that leans on
 * the tables stored once in the JPEGTables tag. The streams are joined to their tables and decoded
 * by the canvas's JPEG decoder, strip under strip (UTIF's own JPEG path misplaces the strips).
 */
async function jpegStripsToGray(bytes: Uint8Array, ifd: UTIF.IFD): Promise<GrayImage> {
  const offsets = tagNumbers(ifd, 273);
  const counts = tagNumbers(ifd, 279);
  const width = tagNumbers(ifd, 256)[0] ?? 0;
  const height = tagNumbers(ifd, 257)[0] ?? 0;
  const rowsPerStrip = tagNumbers(ifd, 278)[0] ?? height;
  if (!offsets.length || offsets.length !== counts.length || width === 0 || height === 0) throw new Error('a JPEG page without strips (tiled JPEG TIFFs are not read)');
  const tables = ifd['t347'] instanceof Uint8Array ? ifd['t347'] : Array.isArray(ifd['t347']) ? Uint8Array.from(ifd['t347'] as number[]) : null;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < offsets.length; i += 1) {
    const strip = bytes.subarray(offsets[i]!, offsets[i]! + counts[i]!);
    // Tables without their end marker, then the strip without its start marker.
    const stream = tables && tables.length > 4 ? Buffer.concat([tables.subarray(0, tables.length - 2), strip.subarray(2)]) : Buffer.from(strip);
    const image = await loadImage(stream);
    ctx.drawImage(image, 0, i * rowsPerStrip);
  }
  return grayFromRgba(ctx.getImageData(0, 0, width, height).data, width, height);
}

/**
 * Opens a TIFF with UTIF (the WebAssembly OCR engine's own TIFF reader knows neither Deflate nor JPEG
 * compression, which scanners write, nor more than one page). Throws when the file does not parse;
 * a page that does not decode throws when it is asked for.
 */
export function openTiff(bytes: Uint8Array): TiffPages {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const ifds = UTIF.decode(buffer).filter((ifd) => ifd['t256'] !== undefined && ifd['t257'] !== undefined);
  return {
    count: ifds.length,
    page: async (index) => {
      const ifd = ifds[index];
      if (!ifd) throw new Error(`no page ${index + 1}`);
      if (tagNumbers(ifd, 259)[0] === 7) return jpegStripsToGray(bytes, ifd);
      UTIF.decodeImage(buffer, ifd);
      const rgba = UTIF.toRGBA8(ifd);
      if (rgba.length < ifd.width * ifd.height * 4) throw new Error('the page holds fewer pixels than its size says');
      return grayFromRgba(rgba, ifd.width, ifd.height);
    },
  };
}
