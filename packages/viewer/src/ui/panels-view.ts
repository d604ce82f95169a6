// Per-server and per-client panels: role, epoch and last zxid; the leader's session table with each
// session's expiry bucket and time left; a follower's touch table; outstanding proposals with their ACKs
// against the quorum; the data tree with ephemeral owners; a client's state, timeout, silence and next
// ping. Each card carries the what-if buttons for its node. Rendered from a ViewModel only.
import { esc, formatSpan, formatTime, shortSession } from '../format.ts';
import type { ClientVm, ServerVm, ViewModel } from '../view-model.ts';

/** What the panels show besides the view-model. */
export interface PanelExtras {
  /** How far the play clock (or the "jump to" time) is past the view-model's time. */
  readonly sinceMs: number;
  /** Whether the cards carry what-if buttons. */
  readonly canAct: boolean;
  /** The sessions in a follower's touch table, read from the trace (null: unknown). */
  touchesOf(server: string): readonly string[] | null;
}

/** Renders the panels into `root`. */
export function renderPanels(root: HTMLElement, vm: ViewModel | null, x: PanelExtras): void {
  if (vm === null) {
    root.innerHTML = '<p class="muted">Panels need the simulation: this trace could not be re-run.</p>';
    return;
  }
  root.innerHTML = vm.servers.map((s) => serverCard(s, vm, x)).join('') + vm.clients.map((c) => clientCard(c, x.sinceMs, x.canAct)).join('');
}

function bar(fraction: number, cls: string): string {
  const f = Math.max(0, Math.min(1, fraction));
  return `<span class="bar ${cls}"><span style="width:${(f * 100).toFixed(1)}%"></span></span>`;
}

function actions(node: string, list: readonly [string, string][], canAct: boolean): string {
  if (!canAct) return '';
  return `<span class="acts">${list.map(([kind, label]) => `<button class="act" data-act="${esc(kind)}" data-node="${esc(node)}" title="what if ${esc(label)} ${esc(node)} now?">${esc(label)}</button>`).join('')}</span>`;
}

function serverCard(s: ServerVm, vm: ViewModel, x: PanelExtras): string {
  const { sinceMs, canAct } = x;
  const role = s.process === 'crashed' ? 'CRASHED' : `${s.state.toUpperCase()}${s.process === 'frozen' ? ' · FROZEN' : ''}`;
  const isLeader = vm.leader === s.name;
  const acts = actions(s.name, s.process === 'crashed' ? [['restart', 'restart']] : [[s.process === 'frozen' ? 'resume' : 'freeze', s.process === 'frozen' ? 'resume' : 'freeze'], ['crash', 'crash']], canAct);
  const head = `<header><b>${esc(s.name)}</b> <span class="role role-${esc(s.state)} proc-${esc(s.process)}">${esc(role)}${isLeader ? ' ★' : ''}</span>${acts}</header>`;
  if (s.process === 'crashed') return `<section class="card server crashed" data-node="${esc(s.name)}">${head}<p class="muted">down: volatile state lost; what it synced to disk survives a restart.</p></section>`;
  const facts = `<div class="facts"><span>epoch <b>${s.epoch}</b></span><span>last zxid <b>${esc(s.lastZxid)}</b></span>${s.leader !== null && !isLeader ? `<span>leader <b>${esc(s.leader)}</b></span>` : ''}<span>${s.isServing ? 'serving' : 'not serving'}</span></div>`;
  return `<section class="card server${isLeader ? ' leader' : ''}" data-node="${esc(s.name)}" data-testid="server-${esc(s.name)}">${head}${facts}${sessionTable(s, sinceMs, s.touchCount === null ? null : x.touchesOf(s.name), vm)}${proposals(s)}${tree(s)}</section>`;
}

function sessionTable(s: ServerVm, sinceMs: number, touches: readonly string[] | null, vm: ViewModel): string {
  const isTracker = s.touchCount === null;
  const title = isTracker ? 'sessions — expiry queue (only the leader expires)' : 'sessions — committed (a follower never expires them)';
  const who = (id: string): string => vm.servers.flatMap((x) => x.sessions).find((x) => x.id === id)?.client ?? shortSession(id);
  const named = touches !== null && touches.length === s.touchCount && s.touchCount > 0 ? `: <b data-testid="touches">${touches.map((id) => esc(who(id))).join(', ')}</b>` : '';
  const touch = s.touchCount === null ? '' : `<p class="touch">touch table: <b>${s.touchCount}</b> session${s.touchCount === 1 ? '' : 's'}${named} — sent to the leader with the next PING reply${s.cnxns.length > 0 ? `; clients connected here: ${s.cnxns.map((c) => esc(c.client)).join(', ')}` : ''}</p>`;
  if (s.sessions.length === 0) return `<h4>${title}</h4><p class="muted">none</p>${touch}`;
  const rows = s.sessions.map((x) => {
    const left = x.leftMs === null ? null : x.leftMs - sinceMs;
    const cells = isTracker
      ? `<td>${x.bucketMs === null ? '—' : esc(formatTime(x.bucketMs))}</td><td class="${left !== null && left <= 0 ? 'due' : ''}">${left === null ? '—' : esc(left <= 0 ? 'due' : formatSpan(left))} ${left === null ? '' : bar(left / x.timeoutMs, left < x.timeoutMs / 3 ? 'warn' : 'ok')}</td>`
      : '';
    return `<tr class="${x.isClosing ? 'closing' : ''}" data-session="${esc(x.id)}"><td><b>${esc(x.client ?? '?')}</b> <code>${esc(shortSession(x.id))}</code>${x.isClosing ? ' <em>closing</em>' : ''}</td><td>${x.timeoutMs} ms</td>${cells}</tr>`;
  }).join('');
  const headCells = isTracker ? '<th>bucket</th><th>left</th>' : '';
  return `<h4>${title}</h4><table class="sessions"><tr><th>session</th><th>timeout</th>${headCells}</tr>${rows}</table>${touch}`;
}

function proposals(s: ServerVm): string {
  if (s.touchCount !== null || s.state !== 'leading') return '';
  if (s.proposals.length === 0) return '<h4>outstanding proposals</h4><p class="muted">none waiting for ACKs</p>';
  const rows = s.proposals.map((p) => `<tr data-testid="proposal"><td><code>${esc(p.zxid)}</code></td><td>${esc(p.txn)}${p.client !== null ? ` ${esc(p.client)}` : ''}</td><td class="acks">ACKs <b>${p.acks.length}/${p.needed}</b> needed (${esc(p.acks.join(', '))}) ${bar(p.acks.length / p.needed, p.hasQuorum ? 'ok' : 'warn')}</td></tr>`).join('');
  return `<h4>outstanding proposals</h4><table class="proposals">${rows}</table>`;
}

function tree(s: ServerVm): string {
  const nodes = s.tree.filter((z) => !z.path.startsWith('/zookeeper'));
  if (nodes.length === 0) return '<h4>data tree</h4><p class="muted">empty</p>';
  const rows = nodes.map((z) => `<li data-path="${esc(z.path)}"><code>${esc(z.path)}</code>${z.data !== '' ? ` = “${esc(z.data)}”` : ''}${z.ephemeralOwner !== null ? ` <span class="eph">ephemeral of ${esc(z.ownerClient ?? shortSession(z.ephemeralOwner))}</span>` : ''}</li>`).join('');
  return `<h4>data tree</h4><ul class="tree">${rows}</ul>`;
}

function clientCard(c: ClientVm, sinceMs: number, canAct: boolean): string {
  const st = c.process === 'crashed' ? 'CRASHED' : `${c.state}${c.process === 'frozen' ? ' · FROZEN' : ''}`;
  const acts = actions(c.name, c.process === 'crashed' ? [] : [[c.process === 'frozen' ? 'resume' : 'freeze', c.process === 'frozen' ? 'resume' : 'freeze'], ['crash', 'crash'], ['close', 'close']], canAct);
  const since = c.sinceLastHeardMs + (c.process === 'up' || c.process === 'frozen' ? sinceMs : 0);
  const timeout = c.negotiatedTimeoutMs > 0 ? c.negotiatedTimeoutMs : c.requestedTimeoutMs;
  const pingIn = c.nextPingInMs === null ? null : c.nextPingInMs - sinceMs;
  const ping = pingIn === null ? '—' : c.process === 'frozen' ? 'never (frozen)' : pingIn <= 0 ? 'now' : formatSpan(pingIn);
  const body = c.process === 'crashed' ? '<p class="muted">process gone</p>' : `<div class="facts">
    <span>session <b>${c.sessionId === null ? 'none' : esc(shortSession(c.sessionId))}</b>${c.server !== null ? ` via <b>${esc(c.server)}</b>` : ''}</span>
    <span>timeout <b>${c.negotiatedTimeoutMs > 0 ? `${c.negotiatedTimeoutMs} ms` : `asks ${c.requestedTimeoutMs} ms`}</b></span></div>
    <div class="facts"><span>last heard <b>${esc(formatSpan(since))}</b> ago ${bar(since / timeout, since > timeout ? 'bad' : since > (timeout * 2) / 3 ? 'warn' : 'ok')}</span>
    <span>next ping in <b>${esc(ping)}</b></span><span>pending <b>${c.pendingRequests}</b>${c.queuedRequests > 0 ? ` (+${c.queuedRequests} queued)` : ''}</span></div>
    <p class="events">session events: ${c.events.length === 0 ? '<span class="muted">none yet</span>' : c.events.map((e) => `<span class="ev ev-${esc(e.toLowerCase())}">${esc(e)}</span>`).join(' → ')}</p>`;
  return `<section class="card client" data-node="${esc(c.name)}" data-testid="client-${esc(c.name)}"><header><b>${esc(c.name)}</b> <span class="role st-${esc(c.state.toLowerCase())} proc-${esc(c.process)}">${esc(st)}</span>${acts}</header>${body}</section>`;
}
