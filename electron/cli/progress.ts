import type { CliIO } from './command';

/** A one-line progress bar on a terminal; plain lines (one per change worth telling) otherwise. */
export class ProgressReporter {
  private lastLine = '';
  private lastStep = -1;
  constructor(private readonly io: CliIO) {}

  update(done: number, total: number, failed: number, current: string): void {
    if (this.io.stdout.isTTY) {
      const width = 30;
      const filled = total > 0 ? Math.round((done / total) * width) : width;
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      this.io.stdout.write(`\r[${bar}] ${done}/${total} done, ${failed} failed  ${current.slice(0, 40).padEnd(40)}`);
    } else {
      // Piped output gets a line per tenth of the work, not one per job.
      const step = total > 0 ? Math.floor((done / total) * 10) : 10;
      const line = `${done}/${total} done, ${failed} failed`;
      if (step !== this.lastStep || done === total) {
        if (line !== this.lastLine) this.io.stdout.write(line + '\n');
        this.lastLine = line;
        this.lastStep = step;
      }
    }
  }

  finish(): void {
    if (this.io.stdout.isTTY) this.io.stdout.write('\n');
  }
}
