import { parseScale, replicaPort, serviceUrls, TOPIC_PARTITIONS } from './index';

describe('replicas in the service manifest', () => {
  it('reads --scale as replicas per service', () => {
    expect(parseScale('screening=3,consent=2', TOPIC_PARTITIONS)).toEqual({ screening: 3, consent: 2 });
    expect(parseScale('', TOPIC_PARTITIONS)).toEqual({});
  });

  it.each([
    ['screaming=3', /unknown service "screaming"/],
    ['screening=0', /from 1 to 12/],
    ['screening=13', /from 1 to 12/],
    ['screening=two', /from 1 to 12/],
    ['screening', /from 1 to 12/],
  ])('refuses --scale %s, saying why', (spec, problem) => {
    expect(() => parseScale(spec, TOPIC_PARTITIONS)).toThrow(problem);
  });

  it('puts replicas 100 ports apart and lists their URLs in one variable', () => {
    expect([0, 1, 2].map((replica) => replicaPort(3002, replica))).toEqual([3002, 3102, 3202]);
    expect(serviceUrls(' http://a:1/, http://b:2 ,')).toEqual(['http://a:1', 'http://b:2']);
  });
});
