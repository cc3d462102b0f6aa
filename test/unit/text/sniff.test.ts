import { describe, expect, it } from 'vitest';
import { sniffMediaType } from '../../../src/backend/text/sniff';

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...new TextEncoder().encode(p)] : p)));

describe('sniffMediaType', () => {
  it.each([
    ['PDF', bytes('%PDF-1.7\n%âãÏÓ\n'), 'application/pdf'],
    ['PDF after a few junk bytes', bytes([0, 0, 0], '%PDF-1.4\n'), 'application/pdf'],
    ['PNG', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'image/png'],
    ['JPEG (JFIF)', bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16]), 'image/jpeg'],
    ['JPEG (Exif)', bytes([0xff, 0xd8, 0xff, 0xe1, 0, 16]), 'image/jpeg'],
    ['TIFF little-endian', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), 'image/tiff'],
    ['TIFF big-endian', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8]), 'image/tiff'],
    ['BigTIFF', bytes([0x49, 0x49, 0x2b, 0x00, 8, 0]), null],
    ['empty', bytes(), null],
    ['text', bytes('Invoice SPR/EX/2026/0142'), null],
    ['ZIP (a .docx)', bytes([0x50, 0x4b, 0x03, 0x04]), null],
    ['GIF', bytes('GIF89a'), null],
    ['PDF header too deep in the file', bytes(new Array<number>(1100).fill(32), '%PDF-1.4'), null],
    ['truncated PNG magic', bytes([0x89, 0x50, 0x4e]), null],
  ] as const)('%s', (_name, input, expected) => {
    expect(sniffMediaType(input)).toBe(expected);
  });
});
