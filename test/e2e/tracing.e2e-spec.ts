import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { eventually } from '@accord/testing';
import { useFleet } from './fleet';

interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
}

interface OtlpValue {
  readonly stringValue?: string;
  readonly intValue?: string | number;
}
interface OtlpAttribute {
  readonly key: string;
  readonly value: OtlpValue;
}
interface OtlpTraces {
  readonly resourceSpans?: Array<{
    readonly resource?: { readonly attributes?: OtlpAttribute[] };
    readonly scopeSpans?: Array<{
      readonly spans?: Array<{
        readonly traceId: string;
        readonly spanId: string;
        readonly parentSpanId?: string;
        readonly name: string;
        readonly attributes?: OtlpAttribute[];
      }>;
    }>;
  }>;
}

/** OTLP/JSON ids are hex; a base64 one (as protobuf's JSON mapping writes them) is turned into hex. */
const hex = (id: string | undefined): string =>
  !id ? '' : /^[0-9a-f]*$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
const attributesOf = (attributes: OtlpAttribute[] = []): Record<string, string> =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [key, String(value.stringValue ?? value.intValue ?? '')]),
  );

/**
 * An in-process OTLP/HTTP receiver, the services exporting to it: one referral's acceptance, sent
 * through the gateway, is one connected trace down to screening's decision, and the decision's
 * case-history entry names that trace.
 */
describe('traces: from the gateway to screening’s decision, one connected trace', () => {
  const spans: ReceivedSpan[] = [];
  const port = Number(process.env['E2E_BASE_PORT'] ?? '3100') + 160;
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as OtlpTraces;
        for (const resource of body.resourceSpans ?? []) {
          const service = attributesOf(resource.resource?.attributes)['service.name'] ?? '';
          for (const scope of resource.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                service,
                traceId: hex(span.traceId),
                spanId: hex(span.spanId),
                parentSpanId: hex(span.parentSpanId),
                name: span.name,
                attributes: attributesOf(span.attributes),
              });
        }
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((listening) => receiver.listen(port, '127.0.0.1', listening));
  });
  // Registered after the receiver's beforeAll, so the services find it listening.
  const handle = useFleet({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
  afterAll(async () => {
    await new Promise((closed) => receiver.close(closed));
  });

  it('links HTTP in, commands, appends, the relay and the consumer from the gateway to the decision', async () => {
    const driver = handle.viaGateway;
    const caseId = await driver.submit();
    // The caller's own span: the gateway's server span must be its child.
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const accepted = await driver.call(
      'intake',
      'POST',
      `/api/referrals/${caseId}/accept`,
      await driver.screener(),
      {},
      { traceparent: `00-${traceId}-${callerSpan}-01` },
    );
    expect([200, 201]).toContain(accepted.status);
    await driver.screening(caseId);
    await driver.statusReached(caseId, 'eligible');

    const chain = await eventually(
      () => {
        const inTrace = new Map(spans.filter((s) => s.traceId === traceId).map((s) => [s.spanId, s]));
        const decision = [...inTrace.values()].find(
          (s) =>
            s.service === 'screening' &&
            s.name === 'event-store append' &&
            (s.attributes['accord.events'] ?? '').includes('CaseEligible'),
        );
        if (!decision) return false;
        const walked: ReceivedSpan[] = [decision];
        for (let span = decision; span.parentSpanId !== callerSpan; ) {
          const parent = inTrace.get(span.parentSpanId);
          if (!parent) return false;
          walked.push(parent);
          span = parent;
        }
        return walked.reverse();
      },
      { timeout: 60_000, interval: 500 },
    );
    const steps = chain.map((s) => `${s.service}: ${s.name}`);
    console.log(`one trace, ${traceId}:\n  ${steps.join('\n  ')}`);
    expect(steps[0]).toBe('gateway: HTTP POST');
    // Intake's relay may be the test harness's own intake (the agency directory, same database),
    // which exports no spans: its publish step is then not in the chain, which stays connected.
    expect(steps).toEqual(
      expect.arrayContaining([
        'intake: HTTP POST',
        'screening: consume accord.intake.events',
        'screening: event-store append',
      ]),
    );
    expect(steps.filter((step) => step.startsWith('intake: command '))).toHaveLength(1);
    expect(steps.filter((step) => step.startsWith('screening: command '))).toHaveLength(1);

    // The auditor's way from the decision to its trace.
    const auditor = await driver.token('inspectorate', ['auditor'], 'auditor-traces-e2e');
    const history = await driver.call<{ entries: Array<{ type: string; traceId: string | null }> }>(
      'audit',
      'GET',
      `/api/cases/${caseId}/history`,
      auditor,
    );
    expect(history.body.entries.find((entry) => entry.type === 'CaseEligible')?.traceId).toBe(traceId);
  });
});
