import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const repoRoot = resolve(__dirname, '..', '..', '..');

/** What the development mail sink kept of one email. */
export interface SunkMail {
  readonly receivedAt: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly language: string | null;
  readonly accordMessage: string | null;
  readonly text: string;
}

/**
 * The development mail sink (infra/mail-sink/dev-service.mjs) as its own process: a real SMTP
 * server on `smtpPort`. Stopping and starting it again on the same port is the mail server going
 * down and coming back; what it received survives in its folder.
 */
export class MailSinkProcess {
  private child: ChildProcess | undefined;
  private httpUrl = '';
  readonly dir = mkdtempSync(join(tmpdir(), 'accord-mail-sink-'));

  constructor(readonly smtpPort: number) {}

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpPort}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        resolve(repoRoot, 'infra/mail-sink/dev-service.mjs'),
        '--smtp-port',
        String(this.smtpPort),
        '--http-port',
        '0',
        '--dir',
        this.dir,
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.child = child;
    this.httpUrl = await new Promise<string>((ready, failed) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line.startsWith('ready ')) ready(line.slice('ready '.length));
      });
      child.once('exit', (code) => failed(new Error(`the mail sink exited (code ${code})`)));
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((stopped) => {
      child.once('exit', () => stopped());
      child.kill('SIGTERM');
    });
  }

  /** What it received, as its page shows it (it must be running). */
  async page(): Promise<string> {
    return (await fetch(this.httpUrl)).text();
  }

  /** What it received so far, from its folder (also while it is down). */
  async messages(): Promise<SunkMail[]> {
    const file = join(this.dir, 'messages.jsonl');
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as SunkMail);
  }

  async messagesTo(address: string): Promise<SunkMail[]> {
    return (await this.messages()).filter((mail) => mail.to.includes(address));
  }
}
