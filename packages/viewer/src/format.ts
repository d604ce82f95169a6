// Small formatters shared by the panels, the diagram and the URL: virtual times in seconds with
// milliseconds, durations for the timeline format, short session ids. Pure functions, no DOM.

/** Virtual time as seconds.milliseconds ("10.002s"), the way the CLI prints it (without padding). */
export function formatTime(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const a = Math.abs(ms);
  return `${sign}${Math.floor(a / 1000)}.${String(a % 1000).padStart(3, '0')}s`;
}

/** A span of time for people: "850 ms", "4.2 s", "3 min 20 s". */
export function formatSpan(ms: number): string {
  const a = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  if (a < 1000) return `${sign}${a} ms`;
  if (a < 60_000) return `${sign}${(a / 1000).toFixed(a % 1000 === 0 ? 0 : a % 100 === 0 ? 1 : 3)} s`;
  const min = Math.floor(a / 60_000);
  const sec = Math.round((a % 60_000) / 1000);
  return `${sign}${min} min${sec > 0 ? ` ${sec} s` : ''}`;
}

/**
 * A whole number of milliseconds as a scenario-file duration: "10s", "10.001s", "250ms".
 * @example durationText(10_001) === '10.001s'
 */
export function durationText(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0) throw new RangeError(`durationText: ${ms} is not a whole number of ms ≥ 0`);
  if (ms < 1000) return `${ms}ms`;
  const sec = Math.floor(ms / 1000);
  const rest = ms % 1000;
  if (rest === 0) return `${sec}s`;
  return `${sec}.${String(rest).padStart(3, '0').replace(/0+$/, '')}s`;
}

/** A session id shortened the way the CLI narrates it: "0x0300…0000". */
export function shortSession(id: string): string {
  return id.length === 18 ? `${id.slice(0, 6)}…${id.slice(-4)}` : id;
}

/** Escapes text for HTML (every string that reaches innerHTML goes through here). */
export function esc(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
