// The drawing pad: pointer events (mouse, touch and pen alike) draw round strokes on a transparent
// canvas, whose alpha is the ink. Keyboard drawing for those without a pointer: arrow keys move a pen
// (shown on an overlay canvas), Space puts it down or lifts it, Escape clears.
import { inkFromRgba, type Gray } from './preprocess';

/** Stroke width, as a fraction of the pad's side: about MNIST's stroke once the digit is 20 px tall. */
const STROKE = 1 / 13;
const KEY_STEP = 14;
const KEY_SMALL_STEP = 4;

export interface PadEvents {
  /** Called (at most once per animation frame) while the drawing changes. */
  onChange(): void;
  /** Screen-reader text about the keyboard pen. */
  onPen(text: string): void;
}

export class Pad {
  readonly #ctx: CanvasRenderingContext2D;
  readonly #penCtx: CanvasRenderingContext2D;
  #last: { x: number; y: number } | null = null;
  #pointer: number | null = null;
  #keyPen = { x: 0, y: 0, down: false, shown: false };
  #pending = false;
  #blank = true;

  constructor(readonly canvas: HTMLCanvasElement, readonly penCanvas: HTMLCanvasElement, private readonly events: PadEvents) {
    this.#ctx = canvas.getContext('2d', { willReadFrequently: true })!;
    this.#penCtx = penCanvas.getContext('2d')!;
    this.#keyPen.x = canvas.width / 2;
    this.#keyPen.y = canvas.height / 2;
    canvas.addEventListener('pointerdown', (e) => this.#down(e));
    canvas.addEventListener('pointermove', (e) => this.#move(e));
    canvas.addEventListener('pointerup', (e) => this.#up(e));
    canvas.addEventListener('pointercancel', (e) => this.#up(e));
    canvas.addEventListener('keydown', (e) => this.#key(e));
    canvas.addEventListener('focus', () => this.#drawPen());
    canvas.addEventListener('blur', () => this.#clearPen());
  }

  get blank(): boolean {
    return this.#blank;
  }

  /** The ink (alpha) of every pixel. */
  ink(): Gray {
    const { width, height } = this.canvas;
    return inkFromRgba(this.#ctx.getImageData(0, 0, width, height).data, width, height);
  }

  clear(): void {
    this.#ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.#blank = true;
    this.#changed();
  }

  /** Shows a 28×28 image (ink 0..255) on the pad, scaled up smoothly. */
  showImage(pixels: Uint8Array): void {
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const sctx = small.getContext('2d')!;
    const img = sctx.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      img.data[4 * i + 3] = pixels[i]!;
    }
    sctx.putImageData(img, 0, 0);
    this.#ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.#ctx.imageSmoothingEnabled = true;
    this.#ctx.imageSmoothingQuality = 'high';
    this.#ctx.drawImage(small, 0, 0, this.canvas.width, this.canvas.height);
    this.#blank = false;
    this.#changed();
  }

  #point(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * this.canvas.width, y: ((e.clientY - r.top) / r.height) * this.canvas.height };
  }

  #down(e: PointerEvent): void {
    if (this.#pointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) return;
    e.preventDefault();
    this.#pointer = e.pointerId;
    this.canvas.setPointerCapture(e.pointerId);
    this.#last = this.#point(e);
    this.#segment(this.#last, this.#last);
  }

  #move(e: PointerEvent): void {
    if (e.pointerId !== this.#pointer || this.#last === null) return;
    e.preventDefault();
    // every position since the last event (a fast stroke gives several), for smooth curves
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    for (const ev of events.length ? events : [e]) {
      const p = this.#point(ev);
      this.#segment(this.#last, p);
      this.#last = p;
    }
  }

  #up(e: PointerEvent): void {
    if (e.pointerId !== this.#pointer) return;
    this.#pointer = null;
    this.#last = null;
  }

  #segment(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const ctx = this.#ctx;
    ctx.strokeStyle = '#000';
    ctx.lineWidth = this.canvas.width * STROKE;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    this.#blank = false;
    this.#changed();
  }

  #key(e: KeyboardEvent): void {
    const pen = this.#keyPen;
    const step = e.shiftKey ? KEY_SMALL_STEP : KEY_STEP;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[e.key];
    if (move !== undefined) {
      e.preventDefault();
      const from = { x: pen.x, y: pen.y };
      pen.x = Math.min(Math.max(pen.x + move[0], 0), this.canvas.width);
      pen.y = Math.min(Math.max(pen.y + move[1], 0), this.canvas.height);
      if (pen.down) this.#segment(from, pen);
      this.#drawPen();
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      pen.down = !pen.down;
      if (pen.down) this.#segment(pen, pen);
      this.#drawPen();
      this.events.onPen(pen.down ? 'Pen down: the arrow keys draw' : 'Pen up: the arrow keys move without drawing');
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.clear();
      this.events.onPen('Cleared');
    }
  }

  /** The keyboard pen: a ring (up) or a dot (down), only while the pad has the keyboard focus. */
  #drawPen(): void {
    if (!this.canvas.matches(':focus-visible')) return;
    const ctx = this.#penCtx;
    const pen = this.#keyPen;
    ctx.clearRect(0, 0, this.penCanvas.width, this.penCanvas.height);
    ctx.beginPath();
    ctx.arc(pen.x, pen.y, (this.canvas.width * STROKE) / 2, 0, 2 * Math.PI);
    ctx.lineWidth = 2;
    ctx.strokeStyle = '#c2410c';
    ctx.fillStyle = '#c2410c';
    if (pen.down) ctx.fill();
    else ctx.stroke();
    pen.shown = true;
  }

  #clearPen(): void {
    if (!this.#keyPen.shown) return;
    this.#penCtx.clearRect(0, 0, this.penCanvas.width, this.penCanvas.height);
    this.#keyPen.shown = false;
  }

  #changed(): void {
    if (this.#pending) return;
    this.#pending = true;
    requestAnimationFrame(() => {
      this.#pending = false;
      this.events.onChange();
    });
  }
}
