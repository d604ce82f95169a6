// Connect strings and chroot paths (R82).
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BadPathError, parseConnectString, prependChroot, stripChroot, validatePath } from './chroot.ts';

const segment = fc.stringMatching(/^[a-z0-9_-]{1,6}$/).filter((s) => s !== '.' && s !== '..');
const path = fc.array(segment, { maxLength: 4 }).map((xs) => '/' + xs.join('/'));
const chroot = fc.option(fc.array(segment, { minLength: 1, maxLength: 3 }).map((xs) => '/' + xs.join('/')), { nil: null });

describe('connect strings and chroot', () => {
  it('R82: parses hosts (ignoring :port) and the chroot suffix', () => {
    expect(parseConnectString('s1,s2:2181,s3/app/a')).toEqual({ hosts: ['s1', 's2', 's3'], chroot: '/app/a' });
    expect(parseConnectString('s1')).toEqual({ hosts: ['s1'], chroot: null });
    expect(parseConnectString('s1/')).toEqual({ hosts: ['s1'], chroot: null });
    expect(() => parseConnectString('/app')).toThrow(BadPathError);
    expect(() => parseConnectString('s1/app/')).toThrow(BadPathError);
  });

  it('R82: client "/" is the chroot itself and the chroot strips back to "/"', () => {
    expect(prependChroot('/app', '/')).toBe('/app');
    expect(prependChroot('/app', '/x/y')).toBe('/app/x/y');
    expect(stripChroot('/app', '/app')).toBe('/');
    expect(stripChroot('/app', '/app/x')).toBe('/x');
    expect(stripChroot('/app', '/apple')).toBe('/apple');
    expect(stripChroot(null, '/x')).toBe('/x');
  });

  test.prop([chroot, path])('R82: strip(prepend(p)) = p', (c, p) => {
    expect(stripChroot(c, prependChroot(c, p))).toBe(p);
  });

  it('validates paths like PathUtils.validatePath', () => {
    for (const ok of ['/', '/a', '/a/b-c']) expect(() => validatePath(ok, false)).not.toThrow();
    expect(() => validatePath('/a/', true)).not.toThrow();
    for (const bad of ['', 'a', '/a/', '//a', '/a//b', '/a/./b', '/a/..', '/a\u0000b']) expect(() => validatePath(bad, false)).toThrow(BadPathError);
  });
});
