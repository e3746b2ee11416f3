// Apart from projection.ts so that the projection machinery, which bootstrap reaches through the
// metrics, never imports bootstrap back.
import type { ServiceDefinition } from '../bootstrap';
import type { Projection } from './projection';

/** What a service offers `npm run rebuild`: its definition (schema, entities) and its projections. */
export interface ServiceProjections {
  readonly definition: ServiceDefinition;
  /** By the name operators type: the read model's slice folder (`referral-status`). */
  readonly projections: Readonly<Record<string, Projection>>;
  /** The service's other tables and why they are not projections of the log. */
  readonly notProjected?: Readonly<Record<string, string>>;
}
