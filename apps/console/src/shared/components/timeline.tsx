import type { ReactNode } from 'react';

export interface TimelineItem {
  readonly key: string;
  readonly title: ReactNode;
  readonly by?: string;
  readonly at: string;
  readonly body?: ReactNode;
}

/** The Ministry of Justice timeline pattern, newest last as a case reads. */
export function Timeline({ items, when }: { items: readonly TimelineItem[]; when: (iso: string) => string }) {
  return (
    <div className="moj-timeline">
      {items.map((item) => (
        <div className="moj-timeline__item" key={item.key}>
          <div className="moj-timeline__header">
            <h3 className="moj-timeline__title">{item.title}</h3>
            {item.by ? <p className="moj-timeline__byline">{item.by}</p> : null}
          </div>
          <p className="moj-timeline__date">
            <time dateTime={item.at}>{when(item.at)}</time>
          </p>
          {item.body ? <div className="moj-timeline__description">{item.body}</div> : null}
        </div>
      ))}
    </div>
  );
}
