// Terminal output: colours only on a TTY (and never with NO_COLOR), virtual times as seconds with
// milliseconds, one narrated line per event with node and layer.
import type { Layer } from '@zksim/sim';

/** Where output goes and whether it is coloured. */
export interface Out {
  readonly color: boolean;
  line(text: string): void;
  err(text: string): void;
}

/** Standard output/error, coloured when stdout is a terminal. */
export function stdOut(forceColor: boolean | null = null): Out {
  const color = forceColor ?? (process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined);
  return {
    color,
    line: (t) => process.stdout.write(`${t}\n`),
    err: (t) => process.stderr.write(`${t}\n`),
  };
}

const CODES: Record<string, string> = {
  dim: '2', bold: '1', red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36', gray: '90',
};

/** Wraps text in an ANSI colour when enabled. */
export function paint(out: Out, style: keyof typeof CODES | string, text: string): string {
  const c = CODES[style];
  return out.color && c !== undefined ? `\u001b[${c}m${text}\u001b[0m` : text;
}

/** Colour of each narration layer. */
export const LAYER_STYLE: Record<Layer, string> = {
  election: 'magenta', zab: 'blue', sessions: 'yellow', network: 'gray', client: 'cyan', faults: 'red',
};

/** Virtual time as seconds.milliseconds, right-aligned. */
export function formatTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  const rest = String(ms % 1000).padStart(3, '0');
  return `${sec}.${rest}s`.padStart(9);
}

/** The legend printed before a narrated run. */
export function legend(out: Out, layers: readonly Layer[]): string {
  return 'legend: ' + layers.map((l) => paint(out, LAYER_STYLE[l], `[${l}]`)).join(' ') + '  time is virtual seconds; sN = server myid N';
}
