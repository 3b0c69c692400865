// The ten class probabilities as a bar chart of plain HTML (a list: screen readers read each row).
export class Bars {
  readonly #rows: { li: HTMLLIElement; fill: HTMLElement; value: HTMLElement }[] = [];

  constructor(list: HTMLOListElement) {
    list.replaceChildren();
    for (let digit = 0; digit < 10; digit++) {
      const li = document.createElement('li');
      li.dataset.digit = String(digit);
      const label = document.createElement('span');
      label.className = 'digit';
      label.textContent = String(digit);
      const track = document.createElement('span');
      track.className = 'track';
      track.setAttribute('aria-hidden', 'true');
      const fill = document.createElement('span');
      fill.className = 'fill';
      track.append(fill);
      const value = document.createElement('span');
      value.className = 'value';
      li.append(label, track, value);
      list.append(li);
      this.#rows.push({ li, fill, value });
    }
    this.show(null);
  }

  /** Shows the probabilities (null: nothing drawn); the most likely digit is highlighted. */
  show(probs: readonly number[] | null): void {
    const best = probs === null ? -1 : probs.indexOf(Math.max(...probs));
    this.#rows.forEach(({ li, fill, value }, digit) => {
      const p = probs?.[digit] ?? 0;
      fill.style.width = `${(p * 100).toFixed(2)}%`;
      value.textContent = probs === null ? '–' : `${(p * 100).toFixed(1)}%`;
      li.classList.toggle('best', digit === best);
      li.setAttribute('aria-label', probs === null ? `${digit}: no drawing` : `${digit}: ${(p * 100).toFixed(1)} percent`);
    });
  }
}

/** Draws the model's 28×28 input (ink 0..1) as light digits on black, as MNIST is usually shown. */
export function showInput(canvas: HTMLCanvasElement, image: Float32Array | null): void {
  const ctx = canvas.getContext('2d')!;
  const img = ctx.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round((image?.[i] ?? 0) * 255);
    img.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(img, 0, 0);
  canvas.setAttribute('aria-label', image === null ? 'The 28 by 28 image the model reads (empty)' : 'The 28 by 28 image the model reads: your digit, scaled and centred');
}
