// The bundled scenarios, read at build time from the repository's scenarios/ folder (Vite inlines each
// file's text), so the page works offline and as static files.

/** One bundled scenario. */
export interface BundledScenario {
  /** File name without .yaml, e.g. "01-leader-client-expires". */
  readonly name: string;
  /** Path as the CLI would name it, e.g. "scenarios/01-leader-client-expires.yaml". */
  readonly file: string;
  readonly text: string;
}

const files = import.meta.glob('../../../../scenarios/*.yaml', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** Bundled scenarios in file-name order. */
export const BUNDLED: readonly BundledScenario[] = Object.entries(files)
  .map(([path, text]) => {
    const base = path.slice(path.lastIndexOf('/') + 1);
    return { name: base.replace(/\.yaml$/, ''), file: `scenarios/${base}`, text };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/** The first line of a scenario's description, for menus. */
export function summaryOf(text: string): string {
  const m = /^description:\s*>?\s*\n?\s*(.+)$/m.exec(text);
  return m === null ? '' : (m[1] as string).trim();
}
