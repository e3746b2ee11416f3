import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Addresses a webhook may never point at: loopback, private, link-local, unique-local, unspecified. */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['::ffff:0:0', 96],
] as const)
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');

export const isForbiddenAddress = (address: string): boolean =>
  FORBIDDEN.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');

/**
 * Why a webhook URL is refused, or null. HTTPS only, and never an address inside the platform's
 * own network (SSRF): the host is resolved and every address checked. Development may name hosts
 * (e.g. 127.0.0.1) that are allowed anyway, over HTTP too.
 */
export async function webhookUrlProblem(
  raw: string,
  allowedPrivateHosts: readonly string[],
  resolve: (host: string) => Promise<readonly string[]> = async (host) =>
    (await lookup(host, { all: true })).map((entry) => entry.address),
): Promise<string | null> {
  const url = URL.parse(raw);
  if (!url) return 'must be an absolute URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowedPrivateHosts.includes(host))
    return url.protocol === 'https:' || url.protocol === 'http:' ? null : 'must be https';
  if (url.protocol !== 'https:') return 'must be https';
  let addresses: readonly string[];
  try {
    addresses = isIP(host) ? [host] : await resolve(host);
  } catch {
    return `its host ${host} does not resolve`;
  }
  if (addresses.length === 0 || addresses.some(isForbiddenAddress))
    return 'must not point at a loopback, private or link-local address';
  return null;
}
