// Live updates: one server-sent-events stream per tab (GET /api/referrals/changes, read with
// fetch so the bearer token goes in a header, never in a URL), fanned out to every page that
// listens. A page reloads its data when a case it shows changes — no polling.
import { useEffect, useRef } from 'react';

export interface CaseChanged {
  /** The case that changed; null when anything may have (the stream has just started hearing). */
  readonly caseId: string | null;
}

type Listener = (change: CaseChanged) => void;

const listeners = new Set<Listener>();
let stream: { token: string; controller: AbortController } | undefined;
let tokenSource: () => string | undefined = () => undefined;

/** Called once by the session: where the stream gets its token. */
export function configureLive(token: () => string | undefined): void {
  tokenSource = token;
  restart();
}

function restart(): void {
  const token = tokenSource();
  if (stream && stream.token === token) return;
  stream?.controller.abort();
  stream = undefined;
  if (!token || listeners.size === 0) return;
  const controller = new AbortController();
  stream = { token, controller };
  void follow(token, controller.signal);
}

/** Parses `data:` lines of an event stream; reconnects after a pause when the stream ends or fails. */
async function follow(token: string, signal: AbortSignal): Promise<void> {
  let delay = 1_000;
  while (!signal.aborted) {
    try {
      const response = await fetch('/api/referrals/changes', {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal,
      });
      if (response.status === 401 || response.status === 403 || response.status === 404) return;
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
      delay = 1_000;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const event = block
            .find((line) => line.startsWith('event:'))
            ?.slice(6)
            .trim();
          // Changes are heard from now on: whatever a page loaded before may be stale.
          if (event === 'ready') {
            for (const listener of listeners) listener({ caseId: null });
            continue;
          }
          const data = block
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trim())
            .join('\n');
          if (!data) continue;
          try {
            const change = JSON.parse(data) as Partial<CaseChanged>;
            // Keep-alive pings carry no case.
            if (typeof change.caseId !== 'string') continue;
            for (const listener of listeners) listener(change as CaseChanged);
          } catch {
            // A line that is not a change is ignored (comments keep the connection alive).
          }
        }
      }
    } catch {
      if (signal.aborted) return;
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 30_000);
  }
}

/** Calls `reload` when a case changes (only `caseId`'s, when given), at most once a second. */
export function useLiveReload(reload: () => void, caseId?: string): void {
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener: Listener = (change) => {
      if (caseId && change.caseId !== null && change.caseId !== caseId) return;
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        reloadRef.current();
      }, 250);
    };
    listeners.add(listener);
    restart();
    return () => {
      listeners.delete(listener);
      if (timer) clearTimeout(timer);
      if (listeners.size === 0) {
        stream?.controller.abort();
        stream = undefined;
      }
    };
  }, [caseId]);
}
