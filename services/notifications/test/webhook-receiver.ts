import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '../src/webhooks/webhook-signature';

/** One delivery as an agency's endpoint received it, after checking its signature. */
export interface ReceivedDelivery {
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Record<string, unknown>;
  readonly signatureValid: boolean;
}

type Behaviour = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A real HTTP endpoint standing in for agencies' case systems: each path has a secret (set once
 * its subscription is registered) and a behaviour (answer 204, 500, redirect, or hold the answer).
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly secrets = new Map<string, string>();
  private readonly behaviours = new Map<string, Behaviour>();
  private readonly held: ServerResponse[] = [];
  private server: Server | undefined;

  async start(): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        const raw = Buffer.concat(chunks).toString('utf8');
        const secret = this.secrets.get(path) ?? '';
        const check = verifyWebhook(
          secret,
          {
            id: request.headers['webhook-id'] as string | undefined,
            timestamp: request.headers['webhook-timestamp'] as string | undefined,
            signature: request.headers['webhook-signature'] as string | undefined,
          },
          raw,
        );
        this.received.push({
          path,
          headers: request.headers,
          body: JSON.parse(raw || '{}') as Record<string, unknown>,
          signatureValid: check.valid,
        });
        (this.behaviours.get(path) ?? accept)(request, response);
      });
    });
    await new Promise<void>((listening) => this.server!.listen(0, '127.0.0.1', listening));
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  secret(path: string, secret: string): void {
    this.secrets.set(path, secret);
  }

  behave(path: string, behaviour: Behaviour): void {
    this.behaviours.set(path, behaviour);
  }

  /** Keeps the connection open without answering, until `release`. */
  hold(): Behaviour {
    return (_request, response) => this.held.push(response);
  }

  release(): void {
    for (const response of this.held.splice(0)) if (!response.writableEnded) response.writeHead(204).end();
  }

  at(path: string): ReceivedDelivery[] {
    return this.received.filter((delivery) => delivery.path === path);
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise((closed) => this.server?.close(closed));
  }
}

const accept: Behaviour = (_request, response) => response.writeHead(204).end();
