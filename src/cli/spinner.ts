import { colors } from './output.js';
import { beforeInterruptMessage } from './interrupt.js';

export interface Spinner {
  message(text: string): void;
  stop(text: string): void;
  error(text: string): void;
}

const FRAMES = ['◒', '◐', '◓', '◑'];
const CTRL_C = '\u0003';

/** Cuts `text` to `width` columns on one line: a wrapped spinner line could never be erased. */
export function fitLine(text: string, width: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/[\x00-\x1f\x7f]+/g, ' ');
  const chars = [...flat];
  if (width <= 0) return '';
  return chars.length <= width ? flat : `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

/**
 * A spinner in the prompts' frame that leaves Ctrl-C to us. clack's spinner puts stdin in raw
 * mode and exits the process with 0 on Ctrl-C, so no interrupt handler ever ran. Here raw mode
 * only swallows typed keys (they would break the line), and Ctrl-C raises a real SIGINT, which
 * the handlers in interrupt.ts answer like at any other moment of the run.
 */
export function startSpinner(title: string, framed: boolean, out: NodeJS.WriteStream = process.stdout, input: NodeJS.ReadStream = process.stdin): Spinner {
  let text = title;
  let frame = 0;
  const draw = () => {
    // Two columns spare: the frame symbol and its gap, and the cursor's last column.
    const width = (out.columns || 80) - 4;
    out.write(`\r\x1b[2K${colors.magenta(FRAMES[frame]!)}  ${fitLine(text, width)}`);
    frame = (frame + 1) % FRAMES.length;
  };
  const onKey = (chunk: Buffer | string) => {
    if (String(chunk).includes(CTRL_C)) process.kill(process.pid, 'SIGINT');
  };
  const raw = Boolean(input.isTTY);
  if (raw) {
    input.setRawMode(true);
    input.on('data', onKey);
    input.resume();
  }
  out.write(`${framed ? `${colors.gray('│')}\n` : ''}\x1b[?25l`);
  draw();
  const timer = setInterval(draw, 80);

  let finished = false;
  const finish = (symbol: string, line: string) => {
    if (finished) return;
    finished = true;
    clearInterval(timer);
    release();
    out.write(`\r\x1b[2K${symbol}  ${fitLine(line, (out.columns || 80) - 4)}\n\x1b[?25h`);
    if (raw) {
      input.off('data', onKey);
      input.setRawMode(false);
      input.pause();
    }
  };
  // Interrupted, the line is closed like a cancelled step before the handler prints why.
  const release = beforeInterruptMessage(() => finish(colors.red('■'), `${title}: interrupted`));
  return {
    message: (line) => {
      text = `${title}: ${line}`;
    },
    stop: (line) => finish(colors.green('◇'), line),
    error: (line) => finish(colors.red('▲'), line),
  };
}
