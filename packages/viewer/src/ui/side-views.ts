// HTML for the side boxes: the narration of the current event, the what-if box (actions, undo/redo,
// cut/isolate/heal, which run is shown, the comparison with the original) and the expectations.
// Pure string builders over data; the app wires the buttons by their data attributes.
import type { Layer } from '@zksim/sim';
import type { EventIndex } from '../event-index.ts';
import { esc, formatTime, shortSession } from '../format.ts';
import type { OutcomeChange } from '../outcome.ts';
import type { ViewModel } from '../view-model.ts';
import { describeAction, partitionName, type WhatIfAction } from '../what-if.ts';

/** The narration lines of the event at `position` (all of them, as `zksim run --verbose` prints them). */
export function narrationHtml(ix: EventIndex, position: number): string {
  const g = position - 1;
  if (g < 0 || ix.groupCount === 0) return '<p class="muted">Before the first event. Press ▶ or → to start.</p>';
  const lines = ix.narrationsOf(Math.min(g, ix.groupCount - 1));
  const t = ix.timeOf(Math.min(g, ix.groupCount - 1));
  if (lines.length === 0) return `<p class="narr-line"><span class="t">${esc(formatTime(t))}</span> <span class="muted">(plumbing: ${esc(ix.recordsOf(g).map((r) => r.type).join(', '))})</span></p>`;
  const head = ix.headline(g);
  return lines.map((l) => {
    const isHead = l.narration.text === head.text;
    return `<p class="narr-line${isHead ? ' head' : ''}${l.narration.detail ? ' detail' : ''}"><span class="t">${esc(formatTime(t))}</span> <span class="node">${esc(l.node)}</span> <span class="layer l-${esc(l.narration.layer)}">[${esc(l.narration.layer)}]</span> <span class="text">${esc(l.narration.text)}</span></p>`;
  }).join('');
}

/** The one-line summary of a what-if under the narration: what was added, and what it changed. */
export function bannerHtml(actions: readonly WhatIfAction[], changes: readonly OutcomeChange[] | null, running: boolean, show: 'original' | 'what-if'): string {
  if (actions.length === 0) return '';
  const what = actions.map((a) => describeAction(a, actions)).join('; ');
  const result = running ? '<span class="spin">running the what-if…</span>'
    : changes === null ? ''
    : changes.length === 0 ? 'it ends exactly like the original run'
    : changes.slice(0, 3).map((c) => `${esc(c.what)}: <s>${esc(c.original)}</s> → <b>${esc(c.whatIf)}</b>`).join(' · ') + (changes.length > 3 ? ` · <button class="link" data-goto-whatif>${changes.length - 3} more…</button>` : '');
  return `<b class="whatif-tag">what-if</b> ${esc(what)} — ${result} <span class="showing">showing the <b>${show === 'what-if' ? 'what-if' : 'original'}</b> run</span>`;
}

/** Inputs of the what-if box. */
export interface WhatIfBox {
  readonly actions: readonly WhatIfAction[];
  readonly nodes: readonly string[];
  readonly forkAtMs: number;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly show: 'original' | 'what-if';
  readonly hasWhatIf: boolean;
  readonly running: boolean;
  readonly changes: readonly OutcomeChange[] | null;
  readonly now: readonly { readonly what: string; readonly original: string; readonly whatIf: string }[] | null;
  readonly problems: readonly string[];
}

/** The what-if box. */
export function whatIfHtml(b: WhatIfBox): string {
  const opts = (xs: readonly string[]): string => xs.map((n) => `<option>${esc(n)}</option>`).join('');
  const names = b.actions.map((_, i) => partitionName(b.actions, i)).filter((n): n is string => n !== null);
  const list = b.actions.length === 0
    ? '<p class="muted">No what-if yet: the original run is shown. Use the buttons on a server or client card, or the tools below, to change what happens from this moment on.</p>'
    : `<ol class="actions">${b.actions.map((a, i) => `<li>${esc(describeAction(a, b.actions))} <button class="link" data-remove="${i}" title="remove this step">✕</button></li>`).join('')}</ol>`;
  const toggle = b.hasWhatIf
    ? `<div class="show-toggle" role="group"><button data-show="original" class="${b.show === 'original' ? 'on' : ''}">original run</button><button data-show="what-if" class="${b.show === 'what-if' ? 'on' : ''}" data-testid="show-whatif">what-if run</button></div>`
    : '';
  const changes = b.changes === null ? '' : b.changes.length === 0
    ? '<p class="same">The what-if ends exactly like the original (same leader, sessions, znodes, client states).</p>'
    : `<table class="compare" data-testid="compare"><tr><th>at the end</th><th>original</th><th>what-if</th></tr>${b.changes.map((c) => `<tr><td>${esc(c.what)}</td><td>${esc(c.original)}</td><td class="changed">${esc(c.whatIf)}</td></tr>`).join('')}</table>`;
  const now = b.now === null || b.now.length === 0 ? '' : `<table class="compare now"><tr><th>right now</th><th>original</th><th>what-if</th></tr>${b.now.map((c) => `<tr class="${c.original !== c.whatIf ? 'differs' : ''}"><td>${esc(c.what)}</td><td>${esc(c.original)}</td><td>${esc(c.whatIf)}</td></tr>`).join('')}</table>`;
  return `<h3>What if…? <small>acts at ${esc(formatTime(b.forkAtMs))}, just after the current event</small></h3>
    ${b.problems.map((p) => `<p class="problem">${esc(p)}</p>`).join('')}
    ${list}
    <div class="row"><button data-undo ${b.canUndo ? '' : 'disabled'}>↶ undo</button><button data-redo ${b.canRedo ? '' : 'disabled'}>↷ redo</button><button data-clear ${b.actions.length > 0 ? '' : 'disabled'}>clear</button>${b.running ? '<span class="spin">running…</span>' : ''}</div>
    <div class="row tools">
      <label>cut link <select data-cut-a>${opts(b.nodes)}</select>↔<select data-cut-b>${opts([...b.nodes.slice(1), ...b.nodes.slice(0, 1)])}</select></label><button data-add="cut">cut</button>
    </div>
    <div class="row tools"><span>isolate</span>${b.nodes.map((n) => `<label class="chk"><input type="checkbox" data-iso value="${esc(n)}">${esc(n)}</label>`).join('')}<button data-add="isolate">isolate</button></div>
    <div class="row tools"><label>heal <select data-heal>${opts(['all', ...names])}</select></label><button data-add="heal">heal</button></div>
    ${toggle}${now}${changes}`;
}

/** The expectations of the run on screen. */
export function expectationsHtml(list: readonly { readonly line: number; readonly description: string; readonly passed: boolean; readonly actual: string }[], violations: readonly string[]): string {
  if (list.length === 0) return '<p class="muted">This scenario states no expectations.</p>';
  return `<ul class="expect">${list.map((e) => `<li class="${e.passed ? 'pass' : 'fail'}"><b>${e.passed ? 'pass' : 'FAIL'}</b> line ${e.line}: ${esc(e.description)}${e.passed ? '' : ` — found: ${esc(e.actual)}`}</li>`).join('')}</ul>${violations.map((v) => `<p class="problem">${esc(v)}</p>`).join('')}`;
}

/** A few facts of a view-model to compare two runs at the same moment. */
export function momentFacts(vm: ViewModel): Map<string, string> {
  const out = new Map<string, string>();
  out.set('leader', vm.leader ?? 'none');
  for (const s of vm.servers) {
    out.set(`${s.name}`, s.process === 'crashed' ? 'crashed' : `${s.state}${s.process === 'frozen' ? ', frozen' : ''}, ${s.lastZxid}`);
    const eph = s.tree.filter((z) => !z.path.startsWith('/zookeeper')).map((z) => z.path);
    out.set(`znodes on ${s.name}`, eph.length === 0 ? 'none' : eph.join(', '));
  }
  const leader = vm.servers.find((s) => s.name === vm.leader);
  if (leader !== undefined) out.set('sessions at the leader', leader.sessions.length === 0 ? 'none' : leader.sessions.map((x) => `${x.client ?? shortSession(x.id)}${x.isClosing ? ' (closing)' : ''}`).join(', '));
  for (const c of vm.clients) out.set(c.name, `${c.state}${c.process !== 'up' ? `, ${c.process}` : ''}`);
  return out;
}

/** Layers in the filter menu, in CLI order. */
export const FILTER_LAYERS: readonly Layer[] = ['election', 'zab', 'sessions', 'network', 'client', 'faults'];
