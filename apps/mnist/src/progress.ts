// A progress line per epoch: batches/s, running loss and ETA. In a terminal it redraws one line;
// otherwise (a pipe, a file, a test) it prints a plain line about every 10% of the epoch.
export class Progress {
  readonly #tty = process.stdout.isTTY === true;
  readonly #start = performance.now();
  #lastPrinted = -1;

  constructor(private readonly label: string, private readonly total: number) {}

  update(done: number, runningLoss: number): void {
    const elapsed = (performance.now() - this.#start) / 1000;
    const rate = done / Math.max(elapsed, 1e-9);
    const eta = (this.total - done) / Math.max(rate, 1e-9);
    const width = 24;
    const filled = Math.round((done / this.total) * width);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
    const text = `${this.label} ${bar} ${done}/${this.total} ${rate.toFixed(1)} batches/s loss ${runningLoss.toFixed(4)} ETA ${eta.toFixed(0)}s`;
    if (this.#tty) {
      process.stdout.write(`\r${text}\x1b[K`);
    } else {
      const tenth = Math.floor((done / this.total) * 10);
      if (tenth !== this.#lastPrinted || done === this.total) {
        this.#lastPrinted = tenth;
        console.log(text);
      }
    }
  }

  end(): void {
    if (this.#tty) process.stdout.write('\n');
  }
}
