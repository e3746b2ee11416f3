import type { ServiceName } from '@accord/contracts';
import type { GatewayConfig } from '../gateway.config';

/** The services the gateway routes to (everything but itself). */
export type Upstream = Exclude<ServiceName, 'gateway'>;

export const UPSTREAMS: readonly Upstream[] = [
  'intake',
  'screening',
  'consent',
  'conferencing',
  'follow-up',
  'audit',
];

/** Path prefixes per service: the public API's map. Order matters only for readability; they do not overlap. */
const ROUTES: readonly (readonly [RegExp, Upstream])[] = [
  [/^\/api\/referrals(\/|$)/, 'intake'],
  [/^\/api\/admin(\/|$)/, 'intake'],
  [/^\/api\/cases\/[^/]+\/screening(\/|$)/, 'screening'],
  [/^\/api\/cases\/[^/]+\/consent(\/|$)/, 'consent'],
  [/^\/api\/cases\/[^/]+\/conference(\/|$)/, 'conferencing'],
  [/^\/api\/facilitators(\/|$)/, 'conferencing'],
  [/^\/api\/cases\/[^/]+\/follow-up(\/|$)/, 'follow-up'],
  [/^\/api\/reports(\/|$)/, 'follow-up'],
  [/^\/api\/cases\/[^/]+\/(history|state|verify)(\/|$)/, 'audit'],
  [/^\/api\/audit(\/|$)/, 'audit'],
  [/^\/api\/people(\/|$)/, 'audit'],
];

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

export function upstreamUrl(config: GatewayConfig, service: Upstream): string {
  const urls: Record<Upstream, string> = {
    intake: config.INTAKE_URL,
    screening: config.SCREENING_URL,
    consent: config.CONSENT_URL,
    conferencing: config.CONFERENCING_URL,
    'follow-up': config.FOLLOW_UP_URL,
    audit: config.AUDIT_URL,
  };
  return urls[service].replace(/\/+$/, '');
}
