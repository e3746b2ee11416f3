import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';
import { currentLogContext, traceIdOf, withLogContext } from '@accord/messaging';

/** Runs `work` with a correlation id that every log line written inside it carries. */
export function withCorrelationId<T>(correlationId: string, work: () => T, traceparent?: string): T {
  return withLogContext(traceparent ? { correlationId, traceparent } : { correlationId }, work);
}

/** The trace context of the request or Kafka message being handled. */
export function currentTraceparent(): string | undefined {
  return currentLogContext()?.traceparent;
}

export function currentCorrelationId(): string | undefined {
  return currentLogContext()?.correlationId;
}

/** Structured JSON logs (pino) on stdout, one line per entry, stamped with service and correlation id. */
export function createLogger(service: string, level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        // The trace id lets an operator go from a log line to its trace.
        const traceId = traceIdOf(currentTraceparent());
        return { ...(correlationId ? { correlationId } : {}), ...(traceId ? { traceId } : {}) };
      },
    },
    destination,
  );
}

const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestMicroservice',
]);

/** Nest's logger interface over pino, so framework and application logs share one format. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(requested: pino.Level, message: unknown, rest: unknown[]): void {
    // Nest passes the context (class name) last, and a stack trace before it for errors.
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    // Start-up chatter (every module and route) is for debugging, not for the operator.
    const level =
      requested === 'info' && context !== undefined && QUIET_CONTEXTS.has(context) ? 'debug' : requested;
    const stack = level === 'error' && typeof params[0] === 'string' ? (params.shift() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields['context'] = context;
    if (stack) fields['stack'] = stack;
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
