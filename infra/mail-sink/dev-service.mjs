// The development mail sink: a real SMTP server (the maintained `smtp-server` package) that accepts
// every message and keeps it, and a small web page listing what was sent — so in `npm start` the
// consent request, the conference invitation and the check-in can be read as the participant would.
// Integration tests spawn it as the real SMTP server the notifications service talks to.
//
//   node infra/mail-sink/dev-service.mjs [--smtp-port 0] [--http-port 3080] [--host 127.0.0.1] [--dir .accord/mail-sink]
//
// It is also the development stand-in for an agency's case system: POST /webhooks/<agency> keeps a
// webhook delivery and checks its signature once the agency's secret was given
// (PUT /webhooks/<agency>/secret, the demo does it), and the page shows those deliveries too.
//
// Prints `env NOTIFICATIONS_SMTP_URL=smtp://…`, `env NOTIFICATIONS_WEBHOOK_ALLOWED_PRIVATE_HOSTS=…`
// and `env ACCORD_DEV_WEBHOOK_URL=…` (for the services and the demo), `show Mail sink http://…/`
// and then `ready <http url>` once both listen. A recipient at `@bounce.invalid` is refused with
// 550 (to exercise bounces). GET /messages and GET /webhooks answer what was kept, as JSON.
import { createHmac, timingSafeEqual } from 'node:crypto';
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
const hookFile = join(dir, 'webhooks.jsonl');
mkdirSync(dir, { recursive: true });

const kept = (from) => {
  try {
    return readFileSync(from, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  } catch {
    return [];
  }
};
const messages = () => kept(file);

/** Each agency's webhook secret, as the demo registered it (memory only). */
const secrets = new Map();

/** The receiver's check (Standard Webhooks): HMAC-SHA256 over `<id>.<timestamp>.<body>`, 5-minute window. */
function signatureValid(secret, headers, body) {
  const id = headers['webhook-id'];
  const timestamp = Number(headers['webhook-timestamp']);
  if (!secret || !id || !Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 300)
    return false;
  const expected = Buffer.from(
    `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
  );
  return String(headers['webhook-signature'] ?? '')
    .split(' ')
    .some(
      (given) =>
        Buffer.from(given).length === expected.length && timingSafeEqual(Buffer.from(given), expected),
    );
}

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
${rows || '<p>No messages yet.</p>'}
<h1>Webhook deliveries (development receiver)</h1>
${
  kept(hookFile)
    .reverse()
    .map(
      (d) =>
        `<p>${escape(d.receivedAt)} · ${escape(d.agency)} · ${escape(d.event?.type ?? '?')} · case ${escape(d.event?.subject ?? '?')} · status <b>${escape(d.event?.data?.status ?? '?')}</b> · signature ${d.signatureValid ? 'valid' : 'NOT valid'}</p>`,
    )
    .join('\n') || '<p>No deliveries yet.</p>'
}</body></html>`;
}

function readBody(request) {
  return new Promise((done) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => done(Buffer.concat(chunks).toString('utf8')));
  });
}

async function webhook(request, response) {
  const [, , agency, secretPath] = (request.url ?? '').split('/');
  const body = await readBody(request);
  if (request.method === 'PUT' && secretPath === 'secret') {
    secrets.set(agency, body.trim());
    return response.writeHead(204).end();
  }
  if (request.method !== 'POST' || !agency || secretPath) return response.writeHead(404).end();
  let event = null;
  try {
    event = JSON.parse(body);
  } catch {
    event = null;
  }
  const delivery = {
    receivedAt: new Date().toISOString(),
    agency,
    signatureValid: signatureValid(secrets.get(agency), request.headers, body),
    event,
  };
  appendFileSync(hookFile, `${JSON.stringify(delivery)}\n`);
  return response.writeHead(delivery.signatureValid ? 204 : 401).end();
}

const http = createServer((request, response) => {
  if (request.url?.startsWith('/webhooks/')) {
    void webhook(request, response);
  } else if (request.url === '/webhooks') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(kept(hookFile)));
  } else if (request.url === '/messages') {
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
console.log(`env NOTIFICATIONS_WEBHOOK_ALLOWED_PRIVATE_HOSTS=${host}`);
console.log(`env ACCORD_DEV_WEBHOOK_URL=http://${host}:${httpPort}/webhooks`);
console.log(
  `show Mail sink    http://${host}:${httpPort}/ (what participants were emailed; the demo webhook's deliveries)`,
);
console.log(`ready http://${host}:${httpPort}`);

const stop = () => {
  http.close();
  smtp.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
