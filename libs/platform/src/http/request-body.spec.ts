import {
  bodyParserError,
  BodyRefused,
  jsonDepth,
  MAX_JSON_DEPTH,
  refuseDeepJson,
  unstorableStrings,
} from './request-body';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepth', () => {
  it('counts nested arrays and objects, not brackets inside strings', () => {
    expect(jsonDepth(bytes('1'))).toBe(0);
    expect(jsonDepth(bytes('{"a":[1,{"b":[]}]}'))).toBe(4);
    expect(jsonDepth(bytes('{"a":"[[[[{{{{\\"]]]"}'))).toBe(1);
  });

  it('stops counting once past the limit', () => {
    expect(jsonDepth(bytes('['.repeat(20_000)), 5)).toBe(6);
  });
});

describe('refuseDeepJson', () => {
  it('lets a body as deep as the limit through and refuses a deeper one with a 400', () => {
    const nested = (depth: number) => bytes(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    expect(() => refuseDeepJson({} as never, undefined, nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => refuseDeepJson({} as never, undefined, nested(20_000))).toThrow(BodyRefused);
    try {
      refuseDeepJson({} as never, undefined, nested(20_000));
    } catch (error) {
      expect(bodyParserError(error)).toEqual({
        status: 400,
        detail: expect.stringMatching(/deeper than 32/),
      });
    }
  });
});

describe('unstorableStrings', () => {
  it('names each value or key holding a NUL or a lone surrogate by its JSON pointer', () => {
    expect(
      unstorableStrings({
        fine: 'Zoë 👋',
        people: { harmed: [{ name: 'A\u0000B' }, { name: 'x\uD800' }] },
        'k\uDC00': 1,
        'a/b': ['\u0000'],
      }),
    ).toEqual([
      { pointer: '/people/harmed/0/name', detail: expect.stringMatching(/NUL/) },
      { pointer: '/people/harmed/1/name', detail: expect.stringMatching(/surrogate/) },
      { pointer: '/k\uDC00', detail: expect.stringMatching(/^its name .*surrogate/) },
      { pointer: '/a~1b/0', detail: expect.stringMatching(/NUL/) },
    ]);
    expect(unstorableStrings({ ok: ['a', 1, null, { b: 'c' }] })).toEqual([]);
  });
});

describe('bodyParserError', () => {
  it('says what body-parser refused without a byte of the input', () => {
    const parseFailed = Object.assign(new SyntaxError('Unexpected token s in "secret"'), {
      type: 'entity.parse.failed',
      body: '{secret',
    });
    expect(bodyParserError(parseFailed)).toEqual({ status: 400, detail: 'The body is not valid JSON.' });
    expect(bodyParserError(Object.assign(new Error('too big'), { type: 'entity.too.large' }))?.status).toBe(
      413,
    );
    expect(bodyParserError(new Error('anything else'))).toBeUndefined();
  });
});
