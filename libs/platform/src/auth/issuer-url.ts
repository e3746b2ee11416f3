const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why `value` cannot be an OpenID issuer Accord trusts, or null: https, or plain http on a loopback
 * address (the development provider); no query or fragment (OpenID Connect Discovery 1.0, §3).
 */
export function issuerUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an issuer URL such as https://login.police-north.example/realms/staff';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname)))
    return 'must use https (plain http only on a loopback address, for development)';
  if (url.search || url.hash) return 'must have no query or fragment';
  return null;
}
