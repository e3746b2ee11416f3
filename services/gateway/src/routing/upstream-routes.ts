import {
  routePattern,
  SERVICES,
  serviceUrls,
  serviceUrlVariable,
  UPSTREAM_NAMES,
  type ServiceName,
} from '@accord/contracts';
import type { GatewayConfig } from '../gateway.config';

/** A service the gateway routes to. */
export type Upstream = ServiceName;

/** The services the gateway routes to, in the manifest's order. */
export const UPSTREAMS: readonly Upstream[] = UPSTREAM_NAMES;

/** The public API's map: each service's route prefixes from the service manifest (they do not overlap). */
const ROUTES: readonly (readonly [RegExp, Upstream])[] = UPSTREAM_NAMES.flatMap((service) =>
  SERVICES[service].routes.map((prefix) => [routePattern(prefix), service] as const),
);

/** Dot segments (plain or percent-encoded) could climb out of the prefix that chose the service. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

export type RouteResult =
  | { readonly kind: 'upstream'; readonly service: Upstream }
  | { readonly kind: 'bad-path' }
  | { readonly kind: 'none' };

/** Which service answers `path` (the path part of the URL, no query string). */
export function routeFor(path: string): RouteResult {
  if (DOT_SEGMENT.test(path) || path.includes('//') || /%2f|%5c|\\/i.test(path)) return { kind: 'bad-path' };
  const match = ROUTES.find(([pattern]) => pattern.test(path));
  return match ? { kind: 'upstream', service: match[1] } : { kind: 'none' };
}

/** Where `service`'s replicas answer (its `<NAME>_URL` variable: one URL, or several comma-separated). */
export function upstreamUrls(config: GatewayConfig, service: Upstream): string[] {
  const urls = config as unknown as Readonly<Record<string, string | undefined>>;
  return serviceUrls(urls[serviceUrlVariable(service)] ?? '');
}

/**
 * Round robin over each service's replicas: every call hands out the replicas in the order to try
 * them, starting one further along than the call before.
 */
export class ReplicaRotation {
  private readonly turns = new Map<Upstream, number>();

  constructor(private readonly config: GatewayConfig) {}

  order(service: Upstream): string[] {
    const replicas = upstreamUrls(this.config, service);
    const turn = (this.turns.get(service) ?? 0) % Math.max(1, replicas.length);
    this.turns.set(service, turn + 1);
    return [...replicas.slice(turn), ...replicas.slice(0, turn)];
  }
}
