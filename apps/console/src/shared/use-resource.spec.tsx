import { act, render, screen } from '@testing-library/react';
import { useEffect } from 'react';
import { useResource, type Resource } from './use-resource';

/** A load the test answers by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

function Probe({
  fetcher,
  onResource,
}: {
  fetcher: (signal: AbortSignal) => Promise<string>;
  onResource: (resource: Resource<string>) => void;
}) {
  const resource = useResource('case:1', fetcher);
  useEffect(() => {
    onResource(resource);
  });
  return <p data-testid="state">{resource.state === 'ready' ? resource.data : resource.state}</p>;
}

describe('a resource that live updates reload', () => {
  it('finishes its first load however many reloads arrive meanwhile, then loads once more', async () => {
    const loads: ReturnType<typeof deferred<string>>[] = [];
    let latest: Resource<string> | undefined;
    render(
      <Probe
        fetcher={() => {
          const load = deferred<string>();
          loads.push(load);
          return load.promise;
        }}
        onResource={(resource) => (latest = resource)}
      />,
    );
    expect(loads).toHaveLength(1);
    // A burst of changes while the first answer is on its way: none abandons it.
    act(() => {
      latest?.reload();
      latest?.reload();
      latest?.reload();
    });
    expect(loads).toHaveLength(1);
    await act(async () => loads[0]?.resolve('first'));
    expect(screen.getByTestId('state').textContent).toBe('first');
    // The reloads asked for meanwhile became one more load, and the page kept its data until it came.
    expect(loads).toHaveLength(2);
    expect(screen.getByTestId('state').textContent).toBe('first');
    await act(async () => loads[1]?.resolve('second'));
    expect(screen.getByTestId('state').textContent).toBe('second');
    expect(loads).toHaveLength(2);
  });
});
