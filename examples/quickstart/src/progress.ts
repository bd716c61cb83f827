import stringWidth from 'string-width';

/** Where progress goes: a terminal gets a redrawn bar, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** One bar per phase ("fetching members", "applying employees"…). */
export interface ProgressBar {
  /** `total` may be unknown (null) until the first page says how many there are. */
  update(done: number, total: number | null): void;
  /** Draws the final state and ends the line. Idempotent. */
  finish(): void;
}

export interface ProgressReporter {
  bar(label: string): ProgressBar;
}

const BAR_WIDTH = 28;
/** Plain-line mode prints at most this many lines per phase, so CI logs stay short. */
const PLAIN_STEPS = 4;
/** Redrawing a terminal line more often than this is wasted work. */
const REDRAW_MS = 50;

/** `padEnd` by terminal cells, so a Japanese label lines up with English ones. */
function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

function formatCount(done: number, total: number | null): string {
  return total === null ? `${done}` : `${done}/${total}`;
}

/**
 * Progress with no progress-bar library: on a TTY one line per phase redrawn in place (`\r` + erase
 * line), elsewhere (CI, pipes, tests) a few plain lines, so logs never fill with control codes.
 */
export function createProgressReporter(stream: ProgressStream): ProgressReporter {
  return { bar: (label) => (stream.isTTY ? ttyBar(stream, label) : plainBar(stream, label)) };
}

function ttyBar(stream: ProgressStream, label: string): ProgressBar {
  let last = { done: 0, total: null as number | null };
  let drawnAt = 0;
  let finished = false;
  const draw = () => {
    const { done, total } = last;
    const ratio = total ? Math.min(1, done / total) : 0;
    const filled = Math.round(ratio * BAR_WIDTH);
    const bar = total ? `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}` : '…';
    const percent = total ? `${String(Math.floor(ratio * 100)).padStart(3)}%` : '';
    stream.write(`\r\x1b[K  ${padEnd(label, 22)} ${bar} ${percent} ${formatCount(done, total)}`);
  };
  return {
    update(done, total) {
      if (finished) return;
      last = { done, total };
      const now = Date.now();
      if (now - drawnAt >= REDRAW_MS || (total !== null && done >= total)) {
        drawnAt = now;
        draw();
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      draw();
      stream.write('\n');
    },
  };
}

function plainBar(stream: ProgressStream, label: string): ProgressBar {
  let step = -1;
  let last = { done: 0, total: null as number | null };
  let finished = false;
  let printedFinal = false;
  const print = () => {
    stream.write(`  ${label}: ${formatCount(last.done, last.total)}\n`);
    printedFinal = last.total !== null && last.done >= last.total;
  };
  return {
    update(done, total) {
      if (finished) return;
      last = { done, total };
      if (total === null || total === 0) return;
      // Print when crossing each quarter, not on every page.
      const reached = Math.floor((Math.min(done, total) / total) * PLAIN_STEPS);
      if (reached > step) {
        step = reached;
        print();
      }
    },
    finish() {
      if (finished) return;
      finished = true;
      if (!printedFinal) print();
    },
  };
}
