import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { notFound, unprocessable } from '@accord/contracts';
import { AgencyEntity, type AgencyKind } from './agency.entity';

export interface AgencyView {
  readonly id: string;
  readonly name: string;
  readonly kind: AgencyKind;
  readonly mayReferTo: readonly string[];
  readonly responseWorkingDays?: number;
  readonly contactEmail?: string;
  readonly managerEmails: readonly string[];
  readonly updatedAt: string;
}

/** What an agency's entry says about the deadlines of the referrals it receives. */
export type DeadlineSettings = Pick<AgencyView, 'responseWorkingDays' | 'contactEmail' | 'managerEmails'>;

export type AgencyEntry = Pick<AgencyView, 'name' | 'kind' | 'mayReferTo'> & Partial<DeadlineSettings>;

const deadlineSettings = (agency: AgencyEntity): DeadlineSettings => ({
  ...(agency.responseWorkingDays !== null ? { responseWorkingDays: agency.responseWorkingDays } : {}),
  ...(agency.contactEmail !== null ? { contactEmail: agency.contactEmail } : {}),
  managerEmails: [...agency.managerEmails],
});

const view = (agency: AgencyEntity): AgencyView => ({
  id: agency.id,
  name: agency.name,
  kind: agency.kind,
  mayReferTo: [...agency.mayReferTo].sort(),
  ...deadlineSettings(agency),
  updatedAt: agency.updatedAt.toISOString(),
});

/** The agencies Accord knows and the routes between them. */
@Injectable()
export class AgencyDirectory {
  constructor(@InjectRepository(AgencyEntity) private readonly agencies: Repository<AgencyEntity>) {}

  /** Receiving services `agency` may refer to; null when it is not a registered referrer. */
  async receiversFor(agency: string): Promise<string[] | null> {
    const found = await this.agencies.findOneBy({ id: agency });
    return found?.kind === 'referrer' ? [...found.mayReferTo] : null;
  }

  /** The deadline settings of an agency's entry; null when it is not registered. */
  async deadlineSettings(agency: string): Promise<DeadlineSettings | null> {
    const found = await this.agencies.findOneBy({ id: agency });
    return found ? deadlineSettings(found) : null;
  }

  async list(): Promise<AgencyView[]> {
    return (await this.agencies.find({ order: { id: 'ASC' } })).map(view);
  }

  async get(id: string): Promise<AgencyView> {
    const found = await this.agencies.findOneBy({ id });
    if (!found) throw notFound('AGENCY_NOT_FOUND', `No agency ${id} is registered.`, { id });
    return view(found);
  }

  async put(id: string, agency: AgencyEntry): Promise<AgencyView> {
    const targets = [...new Set(agency.mayReferTo)];
    if (agency.kind === 'rj-service' && targets.length > 0) {
      throw unprocessable(
        'RJ_SERVICE_CANNOT_REFER',
        'An RJ service receives referrals; leave mayReferTo empty, or register it as a referrer.',
        {
          field: 'mayReferTo',
        },
      );
    }
    if (agency.kind === 'referrer' && agency.responseWorkingDays !== undefined) {
      throw unprocessable(
        'NOT_AN_RJ_SERVICE',
        'A response time applies to an RJ service, which receives referrals; leave responseWorkingDays out for a referrer.',
        { field: 'responseWorkingDays' },
      );
    }
    if (targets.includes(id)) {
      throw unprocessable('REFERS_TO_ITSELF', 'An agency cannot refer to itself.', { field: 'mayReferTo' });
    }
    if (targets.length > 0) {
      const services = await this.agencies.findBy({ id: In(targets), kind: 'rj-service' });
      const unknown = targets.filter((target) => !services.some((service) => service.id === target));
      if (unknown.length > 0) {
        throw unprocessable(
          'UNKNOWN_RJ_SERVICE',
          `mayReferTo names agencies that are not registered RJ services: ${unknown.join(', ')}.`,
          {
            field: 'mayReferTo',
            unknown,
          },
        );
      }
    }
    if (agency.kind === 'referrer') {
      // Turning an RJ service that others refer to into a referrer would strand their routes.
      const referrers = await this.agencies
        .createQueryBuilder('agency')
        .where(':id = ANY(agency.may_refer_to)', { id })
        .getMany();
      if (referrers.length > 0) {
        throw unprocessable(
          'RJ_SERVICE_IN_USE',
          `${id} receives referrals from ${referrers.map((r) => r.id).join(', ')}; remove those routes first.`,
          {
            field: 'kind',
          },
        );
      }
    }
    const row: AgencyEntity = {
      id,
      name: agency.name,
      kind: agency.kind,
      mayReferTo: targets,
      responseWorkingDays: agency.responseWorkingDays ?? null,
      contactEmail: agency.contactEmail ?? null,
      managerEmails: [...new Set(agency.managerEmails ?? [])],
      updatedAt: new Date(),
    };
    // One statement (INSERT … ON CONFLICT): two PUTs creating the same agency at once both succeed.
    await this.agencies.upsert(row, ['id']);
    return view(row);
  }
}
