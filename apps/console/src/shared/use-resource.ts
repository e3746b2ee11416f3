import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { readonly state: 'loading'; readonly reload: () => void }
  | { readonly state: 'error'; readonly error: unknown; readonly reload: () => void }
  | { readonly state: 'ready'; readonly data: T; readonly reload: () => void };

type Settled<T> =
  | { readonly key: string; readonly state: 'error'; readonly error: unknown }
  | { readonly key: string; readonly state: 'ready'; readonly data: T };

/**
 * Loads `fetcher()` whenever `key` changes and on `reload()`. A reload keeps showing what it has
 * until the new answer arrives (no flash of "loading" on a live update), and never cancels a load
 * in flight: reloads asked for meanwhile are folded into one more load after it. (Cancelling
 * instead starved the first load of a busy case — every change abandoned it — and left the page
 * at "Loading…" for as long as changes kept coming.)
 */
export function useResource<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const requestRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const controller = new AbortController();
    let inFlight = false;
    let again = false;
    const load = () => {
      inFlight = true;
      again = false;
      fetcherRef
        .current(controller.signal)
        .then(
          (data) => !controller.signal.aborted && setSettled({ key, state: 'ready', data }),
          (error: unknown) => !controller.signal.aborted && setSettled({ key, state: 'error', error }),
        )
        .finally(() => {
          inFlight = false;
          if (again && !controller.signal.aborted) load();
        });
    };
    requestRef.current = () => {
      if (inFlight) again = true;
      else load();
    };
    load();
    // Only a change of key (or leaving the page) abandons a load: its answer is for something else.
    return () => controller.abort();
  }, [key]);

  const reload = useCallback(() => requestRef.current(), []);
  if (!settled || settled.key !== key) return { state: 'loading', reload };
  return settled.state === 'ready'
    ? { state: 'ready', data: settled.data, reload }
    : { state: 'error', error: settled.error, reload };
}
