// The page's fixed controls: the scenario menu, "open file…" and dropping a file, "copy link", "save as
// scenario…", the transport (start, step back, play, step, end, speed, slider, jump to), the diagram
// filter and the keyboard. Each control only updates the store or calls the page; nothing here renders.
import type { DiagramFilter } from '../diagram-model.ts';
import { esc } from '../format.ts';
import type { Store } from '../store.ts';
import { SPEEDS, type ViewerState } from '../viewer-state.ts';
import { BUNDLED, summaryOf } from './bundled.ts';
import { $ } from './dom.ts';
import { FILTER_LAYERS } from './side-views.ts';

/** What the controls need from the page. */
export interface ChromeHost {
  readonly store: Store<ViewerState>;
  openBundled(name: string): void;
  openText(name: string, text: string): void;
  /** The scenario text to save (with the what-if steps) and a file name for it, or null. */
  scenarioToSave(): { readonly text: string; readonly fileName: string } | null;
  seek(position: number): void;
  step(dir: 1 | -1): void;
  togglePlay(): void;
  jumpTo(text: string): void;
}

/** Wires every fixed control of index.html to `host`. */
export function wireChrome(host: ChromeHost): void {
  const { store } = host;
  const sel = $<HTMLSelectElement>('#scenario');
  sel.innerHTML = BUNDLED.map((b) => `<option value="${esc(b.name)}" title="${esc(summaryOf(b.text))}">${esc(b.name)}</option>`).join('') + '<option value="" disabled>— a file from disk —</option>';
  sel.addEventListener('change', () => host.openBundled(sel.value));
  store.subscribe((s) => {
    sel.value = s.source?.kind === 'bundled' ? s.source.name : '';
  });
  const file = $<HTMLInputElement>('#file');
  $('#open').addEventListener('click', () => file.click());
  file.addEventListener('change', () => {
    const f = file.files?.[0];
    if (f !== undefined) void f.text().then((t) => host.openText(f.name, t));
    file.value = '';
  });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f !== undefined) void f.text().then((t) => host.openText(f.name, t));
  });
  $('#share').addEventListener('click', () => copyLink());
  $('#save').addEventListener('click', () => {
    const s = host.scenarioToSave();
    if (s !== null) download(s.fileName, s.text);
  });
  const speed = $<HTMLSelectElement>('#speed');
  speed.innerHTML = SPEEDS.map((x) => `<option value="${x}">${x}×</option>`).join('');
  speed.value = String(store.state.speed);
  speed.addEventListener('change', () => store.update((d) => {
    d.speed = Number(speed.value);
  }));
  $('#play').addEventListener('click', () => host.togglePlay());
  $('#back').addEventListener('click', () => host.step(-1));
  $('#fwd').addEventListener('click', () => host.step(1));
  $('#home').addEventListener('click', () => host.seek(0));
  $('#end').addEventListener('click', () => host.seek(Number.MAX_SAFE_INTEGER));
  const slider = $<HTMLInputElement>('#slider');
  slider.addEventListener('input', () => host.seek(Number(slider.value)));
  $<HTMLFormElement>('#jump').addEventListener('submit', (e) => {
    e.preventDefault();
    host.jumpTo($<HTMLInputElement>('#jump-to').value);
  });
  wireFilter(store);
  document.addEventListener('keydown', (e) => onKey(e, host));
}

function wireFilter(store: Store<ViewerState>): void {
  const box = $('#filter');
  const f = store.state.filter;
  box.innerHTML = FILTER_LAYERS.map((l) => `<label class="chk l-${l}"><input type="checkbox" data-layer="${l}" ${f.layers[l] ? 'checked' : ''}>${l}</label>`).join('')
    + `<label class="chk" title="PINGs without touches, client pings and their replies"><input type="checkbox" data-flag="heartbeats" ${f.heartbeats ? 'checked' : ''}>heartbeats</label>`
    + `<label class="chk" title="timers, connection set-up and other detail"><input type="checkbox" data-flag="detail" ${f.detail ? 'checked' : ''}>plumbing</label>`
    + `<label class="chk" title="draw the rest of the run, faded; untick to guess what happens next"><input type="checkbox" data-flag="future" ${store.state.showFuture ? 'checked' : ''}>show the future</label>`;
  box.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement;
    store.update((d) => {
      if (t.dataset['layer'] !== undefined) d.filter.layers[t.dataset['layer'] as keyof DiagramFilter['layers']] = t.checked;
      else if (t.dataset['flag'] === 'future') d.showFuture = t.checked;
      else if (t.dataset['flag'] === 'heartbeats') d.filter.heartbeats = t.checked;
      else if (t.dataset['flag'] === 'detail') d.filter.detail = t.checked;
    });
  });
}

function onKey(e: KeyboardEvent, host: ChromeHost): void {
  const tag = (e.target as HTMLElement).tagName;
  if (tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA') return;
  if (e.key === 'ArrowRight') host.step(1);
  else if (e.key === 'ArrowLeft') host.step(-1);
  else if (e.key === ' ') host.togglePlay();
  else if (e.key === 'Home') host.seek(0);
  else if (e.key === 'End') host.seek(Number.MAX_SAFE_INTEGER);
  else if ((e.key === 'z' || e.key === 'Z') && (e.ctrlKey || e.metaKey)) (e.shiftKey ? host.store.redo() : host.store.undo());
  else return;
  e.preventDefault();
}

function copyLink(): void {
  const url = location.href;
  const button = $('#share');
  const done = (): void => {
    button.textContent = 'link copied';
    window.setTimeout(() => {
      button.textContent = 'copy link';
    }, 1500);
  };
  if (navigator.clipboard !== undefined) navigator.clipboard.writeText(url).then(done, () => window.prompt('Link to this view:', url));
  else window.prompt('Link to this view:', url);
}

function download(fileName: string, text: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/yaml' }));
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
