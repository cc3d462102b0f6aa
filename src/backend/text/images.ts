import { createCanvas, loadImage } from '@napi-rs/canvas';
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
