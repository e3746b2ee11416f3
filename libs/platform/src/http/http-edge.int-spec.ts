import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { conflict } from '@accord/contracts';
import { fieldsOf, testToken } from '@accord/testing';
import { Public, Roles, CurrentPrincipal } from '../auth/auth.guard';
import type { Principal } from '../auth/principal';
import { startOnFreePort } from '../../test/service-under-test';
import type { RunningService } from '../bootstrap';

class Item {
  @IsString() name!: string;
  @IsInt() @Min(1) quantity!: number;
}

class OrderRequest {
  @IsString() reference!: string;
  @ValidateNested({ each: true }) @Type(() => Item) items!: Item[];
}

@Controller('api')
class EdgeController {
  @Public()
  @Get('open')
  open(): { ok: true } {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }

  @Roles('screener')
  @Post('orders')
  order(@Body() body: OrderRequest): { reference: string } {
    if (body.reference === 'taken')
      throw conflict('REFERENCE_TAKEN', 'that reference is already used', { reference: body.reference });
    if (body.reference === 'boom') throw new Error('our own bug');
    return { reference: body.reference };
  }
}

@Module({ controllers: [EdgeController] })
class EdgeModule {}

describe('the HTTP edge every service shares', () => {
  let service: RunningService;
  const bearer = async (roles: Principal['roles']) =>
    // Auditors come from the inspectorate: an ordinary agency's issuer may not grant the role.
    `Bearer ${await testToken({ sub: 'alice', agency: roles.includes('auditor') ? 'inspectorate' : 'rj-service-north', roles })}`;
  const post = async (body: string, roles: Principal['roles'] = ['screener']) =>
    fetch(`${service.url}/api/orders`, {
      method: 'POST',
      headers: { authorization: await bearer(roles), 'content-type': 'application/json' },
      body,
    });

  beforeAll(async () => {
    service = await startOnFreePort({ name: 'intake', module: EdgeModule, eventStore: 'none' });
  });

  afterAll(async () => {
    await service.app.close();
  });

  it('lets public routes through without a token', async () => {
    expect((await fetch(`${service.url}/api/open`)).status).toBe(200);
  });

  it('refuses any write by an auditor with 403 before looking at the body, whatever other roles it carries', async () => {
    const response = await post('{"reference": 42}', ['auditor', 'screener']);
    expect(response.status).toBe(403);
    expect(JSON.stringify(await response.json())).toContain('auditors have read-only access');
    expect((await post('{"reference": 42}', ['screener'])).status).toBe(400);
    const read = await fetch(`${service.url}/api/me`, {
      headers: { authorization: await bearer(['auditor']) },
    });
    expect(read.status).toBe(200);
  });

  it('answers 401 without a token or with a bad one', async () => {
    expect((await fetch(`${service.url}/api/me`)).status).toBe(401);
    const bad = await fetch(`${service.url}/api/me`, { headers: { authorization: 'Bearer not.a.token' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await bad.json()).toMatchObject({
      type: 'about:blank',
      title: 'Unauthorized',
      status: 401,
      detail: 'the bearer token was refused',
      instance: '/api/me',
      correlationId: bad.headers.get('x-correlation-id'),
    });
  });

  it('sends no-store, nosniff and a strict CSP with API answers, and nosniff everywhere', async () => {
    const me = await fetch(`${service.url}/api/me`, {
      headers: { authorization: await bearer(['screener']) },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect((await fetch(`${service.url}/health`)).headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('knows the verified caller', async () => {
    const response = await fetch(`${service.url}/api/me`, {
      headers: { authorization: await bearer(['referrer']) },
    });
    expect(await response.json()).toEqual({ sub: 'alice', agency: 'rj-service-north', roles: ['referrer'] });
  });

  it('answers 403 to a role that may not do this', async () => {
    expect((await post('{"reference":"a","items":[]}', ['referrer'])).status).toBe(403);
  });

  it('reports every invalid field at once with its path', async () => {
    const response = await post(JSON.stringify({ items: [{ name: 1, quantity: 0 }], extra: true }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { pointer: string; detail: string }[] };
    expect(fieldsOf(body)).toEqual(['/extra', '/items/0/name', '/items/0/quantity', '/reference']);
    expect(body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
    expect(body.errors.every((error) => error.detail.length > 0)).toBe(true);
  });

  it('answers 400 to malformed JSON', async () => {
    const response = await post('{"reference": ');
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({
      status: 400,
      title: 'Bad Request',
      detail: expect.stringMatching(/JSON/),
    });
  });

  it('answers every body it cannot take with a problem that has a correlation id and none of the input', async () => {
    const cases: Array<{ body: string; status: number; detail: RegExp }> = [
      { body: '{"reference": "sécret-input', status: 400, detail: /not valid JSON/ },
      { body: `${'['.repeat(20_000)}${']'.repeat(20_000)}`, status: 400, detail: /deeper than 32 levels/ },
      { body: JSON.stringify({ reference: 'x'.repeat(300_000) }), status: 413, detail: /larger than/ },
    ];
    for (const { body, status, detail } of cases) {
      const response = await post(body);
      const problem = (await response.json()) as { detail: string; correlationId: string };
      expect({ status: response.status, detail: problem.detail }).toEqual({
        status,
        detail: expect.stringMatching(detail),
      });
      expect(problem.correlationId).toBe(response.headers.get('x-correlation-id'));
      expect(JSON.stringify(problem)).not.toMatch(/sécret|xxxx|\[\[/);
    }
  });

  it('refuses NUL characters and lone surrogates anywhere in the body, naming each field', async () => {
    const response = await post(
      '{"reference":"a\\u0000b","items":[{"name":"\\ud800","quantity":1}],"\\udc00":1}',
    );
    expect(response.status).toBe(400);
    expect(fieldsOf(await response.json())).toEqual(['/items/0/name', '/reference', '/\udc00']);
  });

  it('maps domain errors to their status with a code', async () => {
    const response = await post('{"reference":"taken","items":[]}');
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      type: 'urn:accord:problem:reference-taken',
      status: 409,
      code: 'REFERENCE_TAKEN',
      details: { reference: 'taken' },
    });
  });

  it('hides our own faults behind a 500 with a correlation id the caller can quote', async () => {
    const response = await post('{"reference":"boom","items":[]}');
    expect(response.status).toBe(500);
    const body = (await response.json()) as { detail: string; correlationId: string };
    expect(body.detail).not.toContain('our own bug');
    expect(body.correlationId).toBe(response.headers.get('x-correlation-id'));
  });
});
