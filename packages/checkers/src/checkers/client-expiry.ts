// A client honours expiry, and an expired session stays dead (R33, R76, R78, R81):
//   • a ConnectResponse with timeout 0 (`session-invalid` at the server) never makes the client declare the
//     session live: no `client-session` with timeout ≤ 0 and no SyncConnected answering that handshake;
//   • after a client sees Expired it sends no request and never connects again;
//   • after a server told the client its session expired (`client-disconnect` reason session-expired),
//     nothing new of that session commits: no write of it proposed after that moment reaches `zab-commit`.
import type { Checker, CheckContext, CheckerFactory } from '../checker.ts';
import { hex, num, shortId, str, zxidField, type TraceRecord } from '../trace-record.ts';

interface ExpiredClient {
  readonly sessionId: string | null;
  readonly record: TraceRecord;
}

/** Clients treat timeout 0 as expiry and an expired session never acts again. */
export const clientExpiry: CheckerFactory = (ctx: CheckContext): Checker => {
  const lastAnswer = new Map<string, TraceRecord>();
  const expired = new Map<string, ExpiredClient>();
  const toldExpired = new Map<string, ExpiredClient>();
  const proposedAt = new Map<number, number>();
  return {
    name: 'client-expiry',
    kind: 'safety',
    description: 'a client never treats timeout 0 as a live session, acts after Expired, and nothing of a session commits after a server said it expired (session-invalid, client-session, client-event, client-request, zab-propose, zab-commit)',
    onRecord(r, report) {
      switch (r.type) {
        case 'session-invalid': {
          const client = str(r, 'client');
          if (client !== undefined) lastAnswer.set(client, r);
          return;
        }
        case 'client-session': {
          const t = num(r, 'timeoutMs');
          if (t !== undefined && t <= 0) {
            report({ at: r, message: `${r.node} takes a ConnectResponse with timeout ${t} as a live session; timeout 0 means the session expired (R33, R78)`, evidence: [r] });
          }
          lastAnswer.set(r.node, r);
          return;
        }
        case 'client-event': {
          const state = str(r, 'state');
          if (state === 'SyncConnected' || state === 'ConnectedReadOnly') {
            const answer = lastAnswer.get(r.node);
            if (answer !== undefined && answer.type === 'session-invalid') {
              report({ at: r, message: `${r.node} sees ${state} although ${answer.node} answered its handshake with timeout 0 (session ${shortId(str(answer, 'sessionId') ?? '?')} expired, R33, R78)`, evidence: [answer, r] });
            }
            const e = expired.get(r.node);
            if (e !== undefined) report({ at: r, message: `${r.node} sees ${state} after it saw Expired: a closed client never connects again (R73, R78)`, evidence: [e.record, r] });
          } else if (state === 'Expired' && !expired.has(r.node)) {
            expired.set(r.node, { sessionId: ctx.view.clients.get(r.node)?.session ?? null, record: r });
          }
          return;
        }
        case 'client-disconnect':
          if (str(r, 'reason') === 'session-expired' && !toldExpired.has(r.node)) {
            toldExpired.set(r.node, { sessionId: ctx.view.clients.get(r.node)?.session ?? null, record: r });
          }
          return;
        case 'client-request': {
          const e = expired.get(r.node);
          if (e !== undefined) report({ at: r, message: `${r.node} sends ${str(r, 'op') ?? 'a request'} after it saw Expired (R80, R81)`, evidence: [e.record, r] });
          return;
        }
        case 'zab-propose': {
          const z = zxidField(r, 'zxid');
          if (z !== undefined) proposedAt.set(z, r.time);
          return;
        }
        case 'zab-commit': {
          const txn = str(r, 'txn');
          const id = str(r, 'sessionId');
          const z = zxidField(r, 'zxid');
          if (txn === undefined || txn === 'error' || txn === 'close-session' || id === undefined || z === undefined) return;
          const owner = ctx.view.sessions.get(id)?.client;
          const told = owner === undefined || owner === null ? undefined : toldExpired.get(owner);
          const at = proposedAt.get(z);
          if (told === undefined || told.sessionId !== id || at === undefined || at <= told.record.time) return;
          report({ at: r, message: `${txn} ${str(r, 'path') ?? ''} of session ${shortId(id)} commits at ${hex(z)}, proposed after a server told ${owner} the session had expired`, evidence: [told.record, r] });
          return;
        }
        default:
      }
    },
    finish() {},
  };
};
