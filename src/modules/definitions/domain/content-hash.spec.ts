import { canonicalJson, contentHash } from './content-hash';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: [{ d: 1, c: 'Hải Phòng' }] }, '{"a":[{"c":"Hải Phòng","d":1}]}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    [[3, 1], '[3,1]'],
  ])('%j → %s', (input, expected) => {
    expect(canonicalJson(input)).toBe(expected);
  });

  it('gives the same hash whatever the key order, and a different one for different content', () => {
    expect(contentHash({ task: 'x', lead: ['SNV'] })).toBe(contentHash({ lead: ['SNV'], task: 'x' }));
    expect(contentHash({ task: 'x', lead: ['SNV'] })).not.toBe(contentHash({ task: 'x', lead: ['BHXH'] }));
  });
});
