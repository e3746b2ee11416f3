import type { MessageTemplate } from '@accord/contracts';

/**
 * The words Accord sends to people. Reviewed for trauma-informed wording: they name no offence, no
 * other party and no detail of what happened; they say that taking part is a choice that can be
 * changed at any time, and how to stop being contacted. A change of wording is a new version, and
 * every message records the version it was sent with.
 */
export const TEMPLATE_LANGUAGES = ['en', 'cy'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

/**
 * What a template may say about the case: when and where a meeting is (or, to an agency, by when
 * a referral was to be answered); to an agency also the case id. Nothing else.
 */
export interface TemplateParams {
  readonly at?: string;
  readonly where?: string;
  readonly reference?: string;
}

interface Wording {
  readonly subject: string;
  readonly body: string;
}

interface TemplateDefinition {
  readonly version: number;
  readonly wording: Readonly<Record<TemplateLanguage, Wording>>;
}

export const TEMPLATES: Readonly<Record<MessageTemplate, TemplateDefinition>> = {
  'consent-request': {
    version: 1,
    wording: {
      en: {
        subject: 'An invitation to take part in restorative justice',
        body:
          'Hello,\n\nWe are the restorative justice service. You may be able to take part in a restorative process, if and when you want to. Taking part is your choice, and you can change your mind at any time.\n\n' +
          'A member of our team will contact you to talk it through and to ask whether you agree to take part. You do not need to do anything now.\n\n' +
          'If you would rather we did not contact you, tell us and we will stop.',
      },
      cy: {
        subject: 'Gwahoddiad i gymryd rhan mewn cyfiawnder adferol',
        body:
          "Helo,\n\nRydym ni'n wasanaeth cyfiawnder adferol. Efallai y gallwch gymryd rhan mewn proses adferol, os a phryd y dymunwch. Eich dewis chi yw cymryd rhan, a gallwch newid eich meddwl ar unrhyw adeg.\n\n" +
          "Bydd aelod o'n tîm yn cysylltu â chi i siarad am hyn ac i ofyn a ydych yn cytuno i gymryd rhan. Nid oes angen i chi wneud dim nawr.\n\n" +
          "Os byddai'n well gennych i ni beidio â chysylltu â chi, rhowch wybod i ni a byddwn yn stopio.",
      },
    },
  },
  'conference-invitation': {
    version: 1,
    wording: {
      en: {
        subject: 'Your restorative meeting',
        body:
          'Hello,\n\nThank you for choosing to take part. Your meeting is arranged for {{at}} (UTC), at: {{where}}.\n\n' +
          'Your facilitator will talk you through what to expect beforehand. You can bring someone to support you, ask questions, or change your mind at any time.',
      },
      cy: {
        subject: 'Eich cyfarfod adferol',
        body:
          "Helo,\n\nDiolch am ddewis cymryd rhan. Mae eich cyfarfod wedi'i drefnu ar gyfer {{at}} (UTC), yn: {{where}}.\n\n" +
          "Bydd eich hwylusydd yn esbonio beth i'w ddisgwyl ymlaen llaw. Gallwch ddod â rhywun i'ch cefnogi, gofyn cwestiynau, neu newid eich meddwl ar unrhyw adeg.",
      },
    },
  },
  'check-in': {
    version: 1,
    wording: {
      en: {
        subject: 'Checking in with you',
        body:
          'Hello,\n\nYour case worker would like to check in with you about how things have been since the meeting. They will contact you soon.\n\n' +
          'If you need support before then, please get in touch with us.',
      },
      cy: {
        subject: 'Holi sut rydych chi',
        body:
          'Helo,\n\nHoffai eich gweithiwr achos holi sut mae pethau wedi bod ers y cyfarfod. Byddant yn cysylltu â chi cyn bo hir.\n\n' +
          'Os oes angen cymorth arnoch cyn hynny, cysylltwch â ni.',
      },
    },
  },
  'withdrawal-confirmation': {
    version: 1,
    wording: {
      en: {
        subject: 'We have received your decision',
        body:
          'Hello,\n\nWe have recorded that you no longer wish to take part. This takes effect straight away, and we will not contact you again about this.\n\n' +
          'Thank you for letting us know.',
      },
      cy: {
        subject: 'Rydym wedi cael eich penderfyniad',
        body:
          'Helo,\n\nRydym wedi cofnodi nad ydych am gymryd rhan mwyach. Mae hyn yn dod i rym ar unwaith, ac ni fyddwn yn cysylltu â chi eto am hyn.\n\n' +
          'Diolch am roi gwybod i ni.',
      },
    },
  },
  'referral-overdue': {
    version: 1,
    wording: {
      en: {
        subject: 'A referral is waiting for your response',
        body:
          'Hello,\n\nReferral {{reference}} has been neither accepted nor declined, and the time to respond to it ended at {{at}} (UTC).\n\n' +
          'Please accept or decline it in Accord. The referring agency is waiting to hear.',
      },
      cy: {
        subject: 'Mae atgyfeiriad yn aros am eich ymateb',
        body:
          "Helo,\n\nNid yw atgyfeiriad {{reference}} wedi'i dderbyn na'i wrthod, a daeth yr amser i ymateb iddo i ben am {{at}} (UTC).\n\n" +
          "Derbyniwch neu gwrthodwch ef yn Accord. Mae'r asiantaeth a'i hatgyfeiriodd yn aros i glywed.",
      },
    },
  },
  'referral-escalated': {
    version: 1,
    wording: {
      en: {
        subject: 'An overdue referral needs your attention',
        body:
          'Hello,\n\nYou are named as a manager of the service that received referral {{reference}}. The time to respond to it ended at {{at}} (UTC); the service was reminded, and the referral is still neither accepted nor declined.\n\n' +
          'Please make sure it is accepted or declined in Accord.',
      },
      cy: {
        subject: 'Mae angen eich sylw ar atgyfeiriad hwyr',
        body:
          "Helo,\n\nRydych wedi'ch enwi fel rheolwr y gwasanaeth a gafodd atgyfeiriad {{reference}}. Daeth yr amser i ymateb iddo i ben am {{at}} (UTC); cafodd y gwasanaeth ei atgoffa, ac nid yw'r atgyfeiriad wedi'i dderbyn na'i wrthod o hyd.\n\n" +
          'Gwnewch yn siŵr ei fod yn cael ei dderbyn neu ei wrthod yn Accord.',
      },
    },
  },
};

/** The template language for a person's BCP 47 tag: Welsh for `cy…`, English otherwise. */
export function templateLanguage(tag: string): TemplateLanguage {
  return tag.toLowerCase().split('-')[0] === 'cy' ? 'cy' : 'en';
}

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly language: TemplateLanguage;
  readonly version: number;
}

/** `2026-05-04T14:30:00.000Z` → `2026-05-04 14:30`: the same in both languages. */
const meetingTime = (at: string): string => at.replace('T', ' ').slice(0, 16);

export function renderMessage(
  template: MessageTemplate,
  language: TemplateLanguage,
  params: TemplateParams,
): RenderedMessage {
  const { version, wording } = TEMPLATES[template];
  const values: Record<string, string> = {
    at: params.at ? meetingTime(params.at) : '',
    where: params.where ?? '',
    reference: params.reference ?? '',
  };
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');
  return { subject: fill(wording[language].subject), text: fill(wording[language].body), language, version };
}
