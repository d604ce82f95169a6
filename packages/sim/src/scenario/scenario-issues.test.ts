import { describe, expect, it } from 'vitest';
import { formatIssue, levenshtein, suggest } from './scenario-issues.ts';

describe('formatIssue', () => {
  it('leaves out an empty path and a missing suggestion', () => {
    expect(formatIssue({ file: 'a.yaml', line: 1, column: 1, path: '', message: 'the file is empty' })).toBe('a.yaml:1:1: the file is empty');
    expect(formatIssue({ file: 'a.yaml', line: 3, column: 7, path: 'seed', message: 'bad', suggestion: 'x' })).toBe("a.yaml:3:7: seed: bad (did you mean 'x'?)");
  });
});

describe('suggest', () => {
  it('suggests a unique candidate within edit distance 2, ignoring case', () => {
    expect(suggest('tickTme', ['servers', 'tickTime', 'initLimit'])).toBe('tickTime');
    expect(suggest('ephemral', ['persistent', 'ephemeral'])).toBe('ephemeral');
    expect(suggest('connected', ['CONNECTING', 'CONNECTED'])).toBe('CONNECTED');
    expect(suggest('set_data', ['set-data', 'get-data'])).toBe('set-data');
  });

  it('suggests nothing when the best match is far, tied or as long as the input', () => {
    expect(suggest('zzz', ['drop', 'duplicate'])).toBeUndefined();
    expect(suggest('s4', ['s1', 's2', 's3'])).toBeUndefined();
    expect(suggest('x', ['at'])).toBeUndefined();
  });

  it('measures edit distance', () => {
    expect(levenshtein('kitten', 'sitting')).toBe(3);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('same', 'same')).toBe(0);
  });
});
