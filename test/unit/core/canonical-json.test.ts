import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../src/core/canonical-json';

describe('canonicalJson', () => {
  it.each([
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ z: { y: [3, { d: 1, c: 2 }], x: null } }, '{"z":{"x":null,"y":[3,{"c":2,"d":1}]}}'],
    [{ a: undefined, b: 'x' }, '{"b":"x"}'],
    [-0, '0'],
    [1e21, '1e+21'],
    [0.1 + 0.2, '0.30000000000000004'],
    ['é"\n', '"é\\"\\n"'],
    [[], '[]'],
    [true, 'true'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('gives the same text for the same value built in another key order', () => {
    expect(canonicalJson({ seq: 1, at: 't', details: { role: 'x', name: 'y' } })).toBe(
      canonicalJson({ details: { name: 'y', role: 'x' }, at: 't', seq: 1 }),
    );
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [() => 1], [10n]])('refuses %s', (value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });
});
