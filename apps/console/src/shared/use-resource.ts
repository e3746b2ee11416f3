import { useCallback, useEffect, useRef, useState } from 'react';

export type Resource<T> =
  | { readonly state: 'loading'; readonly reload: () => void }
  | { readonly state: 'error'; readonly error: unknown; readonly reload: () => void }
  | { readonly state: 'ready'; readonly data: T; readonly reload: () => void };

/**
 * Loads `fetcher()` whenever `key` changes and on `reload()`. A reload keeps showing the data it
 * has until the new answer arrives (no flash of "loading" on a live update).
 */
export function useResource<T>(key: string, fetcher: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const [result, setResult] = useState<
    { state: 'loading' } | { state: 'error'; error: unknown } | { state: 'ready'; data: T }
  >({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const lastKey = useRef(key);

  useEffect(() => {
    const controller = new AbortController();
    if (lastKey.current !== key) {
      lastKey.current = key;
      setResult({ state: 'loading' });
    }
    fetcherRef.current(controller.signal).then(
      (data) => !controller.signal.aborted && setResult({ state: 'ready', data }),
      (error: unknown) => !controller.signal.aborted && setResult({ state: 'error', error }),
    );
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { ...result, reload } as Resource<T>;
}
