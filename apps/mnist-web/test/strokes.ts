// Digits as pen strokes, in pad coordinates (0..1 across and down), as a person draws them, and the
// mouse, touch and keyboard input that draws them on the page.
import type { CDPSession, Page } from 'playwright-core';

type Point = [number, number];
export type Strokes = Point[][];

/** An ellipse from (cx, cy) with radii (rx, ry), from angle a0 to a1 (radians, clockwise on screen). */
function arc(cx: number, cy: number, rx: number, ry: number, a0: number, a1: number, n = 24): Point[] {
  return Array.from({ length: n + 1 }, (_, i) => {
    const a = a0 + ((a1 - a0) * i) / n;
    return [cx + rx * Math.cos(a), cy + ry * Math.sin(a)] as Point;
  });
}

export const DIGITS: Record<number, Strokes> = {
  0: [arc(0.5, 0.5, 0.2, 0.3, -Math.PI / 2, (3 * Math.PI) / 2 + 0.2)],
  1: [[[0.45, 0.25], [0.53, 0.18], [0.53, 0.5], [0.53, 0.82]]],
  3: [[...arc(0.48, 0.34, 0.17, 0.14, -Math.PI * 0.9, Math.PI * 0.5), ...arc(0.48, 0.64, 0.19, 0.16, -Math.PI * 0.5, Math.PI * 0.9)]],
  7: [[[0.25, 0.22], [0.45, 0.22], [0.72, 0.22], [0.62, 0.45], [0.52, 0.65], [0.45, 0.82]]],
};

async function box(page: Page) {
  const b = await page.locator('#pad').boundingBox();
  if (b === null) throw new Error('the drawing pad is not visible');
  return b;
}

/** Draws with the mouse: press, move through the points (interpolated), release. */
export async function drawWithMouse(page: Page, strokes: Strokes): Promise<void> {
  const b = await box(page);
  for (const stroke of strokes) {
    const [first, ...rest] = stroke;
    await page.mouse.move(b.x + first![0] * b.width, b.y + first![1] * b.height);
    await page.mouse.down();
    for (const [x, y] of rest) await page.mouse.move(b.x + x * b.width, b.y + y * b.height, { steps: 4 });
    await page.mouse.up();
  }
}

/** Draws with a finger: touch events through the DevTools protocol (the context must have hasTouch). */
export async function drawWithTouch(page: Page, cdp: CDPSession, strokes: Strokes): Promise<void> {
  const b = await box(page);
  const at = ([x, y]: Point) => ({ x: b.x + x * b.width, y: b.y + y * b.height });
  for (const stroke of strokes) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [at(stroke[0]!)] });
    for (let i = 1; i < stroke.length; i++) {
      const [x0, y0] = stroke[i - 1]!;
      const [x1, y1] = stroke[i]!;
      for (let s = 1; s <= 4; s++) {
        await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [at([x0 + ((x1 - x0) * s) / 4, y0 + ((y1 - y0) * s) / 4])] });
      }
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
}
