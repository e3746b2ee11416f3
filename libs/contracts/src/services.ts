/** The processes of Accord and where they listen by default (ARCHITECTURE.md, "Processes"). */
export const SERVICES = {
  gateway: { port: 3000, consumes: [] },
  // Intake hears every later step so the referrer sees where the case stands (the closed loop).
  intake: { port: 3001, consumes: ['screening', 'consent', 'conferencing', 'follow-up'] },
  screening: { port: 3002, consumes: ['intake'] },
  consent: { port: 3003, consumes: ['screening'] },
  conferencing: { port: 3004, consumes: ['consent'] },
  'follow-up': { port: 3005, consumes: ['conferencing', 'consent'] },
  audit: { port: 3006, consumes: [] },
} as const satisfies Record<string, { port: number; consumes: readonly string[] }>;

export type ServiceName = keyof typeof SERVICES;

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

export function isServiceName(value: string): value is ServiceName {
  return Object.prototype.hasOwnProperty.call(SERVICES, value);
}
