import type { MessageChannel } from '@accord/contracts';

/** A rendered message, ready for one channel. */
export interface OutgoingMessage {
  readonly messageId: string;
  readonly caseId: string;
  readonly personId: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly language: string;
}

/** What a channel made of a message. `retry`: the channel is down or busy; nothing was decided. */
export type ChannelResult =
  | { readonly kind: 'sent'; readonly delivered: boolean }
  | { readonly kind: 'bounced'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string };

/** One way to reach a person (email, SMS, letter); each provider sits behind this. */
export interface MessageChannelProvider {
  readonly channel: MessageChannel;
  send(message: OutgoingMessage): Promise<ChannelResult>;
  close?(): Promise<void>;
}

/** The providers, one per channel, as the module wires them. */
export const CHANNEL_PROVIDERS = Symbol('CHANNEL_PROVIDERS');
