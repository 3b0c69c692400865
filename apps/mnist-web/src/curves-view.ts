// The live training curves: apps/mnist's Vega-Lite spec (the CLI renders the same one to curves.svg),
// compiled once and shown by a Vega view that the training loop streams points into. Vega is loaded
// on first use, so the page's first paint does not wait for it.
import { curvesSpec, EPOCHS, STEPS, Smoother, type EpochRecord, type StepRecord } from '@x/mnist-demo/curves';

type VegaView = import('vega').View;

export class CurvesView {
  #view: VegaView | null = null;
  #loading: Promise<VegaView> | null = null;
  #queue: StepRecord[] = [];
  #flushing = false;
  #smoother = new Smoother();

  constructor(private readonly container: HTMLElement) {}

  /** Draws the empty chart (axes, titles): one epoch, side by side or stacked as the width allows. */
  async reset(): Promise<void> {
    this.#smoother = new Smoother();
    this.#queue = [];
    this.#loading = (async () => {
      const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
      this.#view?.finalize();
      const narrow = this.container.clientWidth < 640;
      const width = narrow ? Math.max(200, this.container.clientWidth - 90) : 300;
      const spec = compile(curvesSpec({ epochs: 1, width, height: narrow ? 160 : 200, direction: narrow ? 'column' : 'row' })).spec;
      const view = new vega.View(vega.parse(spec), { renderer: 'svg', container: this.container, hover: false });
      await view.runAsync();
      this.#view = view;
      return view;
    })();
    await this.#loading;
  }

  /** Adds a logged step (`epoch`: the progress in epochs); drawn at the next animation frame. */
  addStep(step: number, epoch: number, loss: number): StepRecord {
    const record = { step, epoch, loss, smoothed: this.#smoother.next(loss) };
    this.#queue.push(record);
    if (!this.#flushing) {
      this.#flushing = true;
      requestAnimationFrame(() => void this.#flush());
    }
    return record;
  }

  async addEpoch(record: EpochRecord): Promise<void> {
    const view = await this.#ready();
    await view.insert(EPOCHS, [record]).runAsync();
  }

  async #ready(): Promise<VegaView> {
    if (this.#loading === null) await this.reset();
    return this.#loading!;
  }

  async #flush(): Promise<void> {
    const view = await this.#ready();
    const points = this.#queue;
    this.#queue = [];
    this.#flushing = false;
    if (points.length) await view.insert(STEPS, points).runAsync();
  }

  /** Resolves when every added point is drawn. */
  async settle(): Promise<void> {
    while (this.#flushing || this.#queue.length) await new Promise((r) => requestAnimationFrame(r));
  }
}
