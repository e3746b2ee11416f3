import type { ServiceName } from '@accord/contracts';

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}

/**
 * Requests and limits per replica, sized from `npm run bench:footprint` (compiled services, 200
 * referrals through the gateway to screening's decision heard back by intake, 10 at a time, on the
 * 2-core development machine, 2026-12-01):
 *
 *        service  RSS idle MiB  RSS peak MiB  CPU s  avg cores
 *        gateway           129           142    2.3       0.04
 *         intake           135           167    5.0       0.09
 *      screening           135           145    2.5       0.04
 *        consent           134           146    2.7       0.05
 *   conferencing           136           139    1.4       0.02
 *      follow-up           135           139    1.5       0.03
 *          audit           132           135    0.6       0.01
 *
 * Memory: the request covers the peak with headroom (192Mi), the limit leaves room for a burst and
 * V8's heap growth (384Mi) before the kernel kills the pod. CPU: the request is a few times the
 * average at that load (what the scheduler reserves, and what the gateway's HPA measures against);
 * no CPU limit, since throttling a Node.js process stalls its event loop and every request with it.
 * Whole-log verify and rebuild in audit can need more memory on a large log: raise its limit there.
 */
const standard: Resources = { requests: { cpu: '50m', memory: '192Mi' }, limits: { memory: '384Mi' } };

/** Services that differ from the standard; a new service starts from the standard until measured. */
const MEASURED: Partial<Record<ServiceName, Resources>> = {
  gateway: { ...standard, requests: { ...standard.requests, cpu: '100m' } },
  intake: { ...standard, requests: { ...standard.requests, cpu: '100m' } },
  audit: { ...standard, limits: { memory: '512Mi' } },
};

export const resourcesOf = (service: ServiceName): Resources => MEASURED[service] ?? standard;
