// The development mail sink: a real SMTP server (the maintained `smtp-server` package) that accepts
// every message and keeps it, and a small web page listing what was sent — so in `npm start` the
// consent request, the conference invitation and the check-in can be read as the participant would.
// Integration tests spawn it as the real SMTP server the notifications service talks to.
//
//   node infra/mail-sink/dev-service.mjs [--smtp-port 0] [--http-port 3080] [--host 127.0.0.1] [--dir .accord/mail-sink]
//
// Prints `env NOTIFICATIONS_SMTP_URL=smtp://…` (for the services), `show Mail sink http://…/` and
// then `ready <http url>` once both listen. A recipient at `@bounce.invalid` is refused with 550
// (to exercise bounces). GET /messages answers the kept messages as JSON, newest last.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : fallback;
}

const host = option('host', '127.0.0.1');
const dir = resolve(option('dir', '.accord/mail-sink'));
const file = join(dir, 'messages.jsonl');
mkdirSync(dir, { recursive: true });

const messages = () => {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
};

const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onRcptTo(address, _session, callback) {
    if (address.address.toLowerCase().endsWith('@bounce.invalid')) {
      const refused = new Error('5.1.1 mailbox unavailable');
      refused.responseCode = 550;
      return callback(refused);
    }
    return callback();
  },
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const kept = {
          receivedAt: new Date().toISOString(),
          messageId: mail.messageId ?? null,
          from: mail.from?.text ?? session.envelope.mailFrom?.address ?? '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          subject: mail.subject ?? '',
          language: mail.headers.get('content-language') ?? null,
          accordMessage: mail.headers.get('x-accord-message') ?? null,
          text: mail.text ?? '',
        };
        appendFileSync(file, `${JSON.stringify(kept)}\n`);
        callback();
      })
      .catch((error) => callback(error));
  },
});

const escape = (text) =>
  String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

function page() {
  const rows = messages()
    .reverse()
    .map(
      (m) => `<article lang="${escape(m.language ?? 'en')}">
  <h2>${escape(m.subject)}</h2>
  <p class="meta">To ${escape(m.to.join(', '))} · ${escape(m.receivedAt)} · language ${escape(m.language ?? '?')}</p>
  <pre>${escape(m.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accord mail sink</title>
<meta http-equiv="refresh" content="5">
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #b1b4b6;padding:.5rem 0}.meta{color:#505a5f}pre{white-space:pre-wrap;font:inherit}</style>
</head><body><h1>Accord mail sink (development)</h1>
<p>Every email the notifications service sent, newest first. Nothing here left this machine.</p>
${rows || '<p>No messages yet.</p>'}</body></html>`;
}

const http = createServer((request, response) => {
  if (request.url === '/messages') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(messages()));
  } else if (request.url === '/' || request.url === '/index.html') {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page());
  } else {
    response.writeHead(404).end();
  }
});

const listen = (server, port) =>
  new Promise((ready, failed) => {
    server.once('error', failed);
    server.listen(Number(port), host, () => ready(server.address().port));
  });

const smtpPort = await listen(
  smtp.server,
  option('smtp-port', process.env.ACCORD_MAIL_SINK_SMTP_PORT ?? '0'),
);
const httpPort = await listen(http, option('http-port', process.env.ACCORD_MAIL_SINK_PORT ?? '3080'));
console.log(`env NOTIFICATIONS_SMTP_URL=smtp://${host}:${smtpPort}`);
console.log(`show Mail sink    http://${host}:${httpPort}/ (what the notifications service emailed)`);
console.log(`ready http://${host}:${httpPort}`);

const stop = () => {
  http.close();
  smtp.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
