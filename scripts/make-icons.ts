// Draws the toolbar icons (a white padlock on a green disc) into public/icons.
// Run by hand when the design changes (`npx tsx scripts/make-icons.ts`); the PNGs are committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { encodePng, type Rgba } from './png';

const GREEN: Rgba = [0x1a, 0x7f, 0x37, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

function padlock(size: number) {
  return (x: number, y: number): Rgba => {
    const u = (x + 0.5) / size;
    const v = (y + 0.5) / size;
    if (Math.hypot(u - 0.5, v - 0.5) > 0.48) return CLEAR;
    const body = u > 0.3 && u < 0.7 && v > 0.46 && v < 0.76;
    const r = Math.hypot(u - 0.5, v - 0.46);
    const shackle = v < 0.46 && r > 0.11 && r < 0.17;
    return body || shackle ? WHITE : GREEN;
  };
}

mkdirSync('public/icons', { recursive: true });
for (const size of [16, 32, 48, 128])
  writeFileSync(`public/icons/icon-${size}.png`, encodePng(size, size, padlock(size)));
