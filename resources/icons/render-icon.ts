/**
 * Renders icon.svg to icon.png (512×512) for electron-builder, which derives the .ico/.icns and the
 * Linux sizes from it. Run after editing the SVG: `npx tsx resources/icons/render-icon.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';

const SIZE = 512;
const dir = import.meta.dirname;
const svg = await loadImage(readFileSync(join(dir, 'icon.svg')));
const canvas = createCanvas(SIZE, SIZE);
canvas.getContext('2d').drawImage(svg, 0, 0, SIZE, SIZE);
writeFileSync(join(dir, 'icon.png'), canvas.toBuffer('image/png'));
console.log(`wrote ${join(dir, 'icon.png')}`);
