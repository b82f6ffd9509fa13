// The distribution reference grammar's documented examples (its reference
// package's test table): what each parses to, or why it is refused.
import { parseImageReference } from '../charts/image-reference';

const F64 = 'f'.repeat(64);
const F128 = 'f'.repeat(128);

test.each([
  // input, name, domain, tag, digest
  ['test_com', 'test_com', undefined, undefined, undefined],
  ['test.com:tag', 'test.com', undefined, 'tag', undefined],
  ['test.com:5000', 'test.com', undefined, '5000', undefined],
  ['test.com/repo:tag', 'test.com/repo', 'test.com', 'tag', undefined],
  ['test:5000/repo', 'test:5000/repo', 'test:5000', undefined, undefined],
  ['test:5000/repo:tag', 'test:5000/repo', 'test:5000', 'tag', undefined],
  [`test:5000/repo@sha256:${F64}`, 'test:5000/repo', 'test:5000', undefined, `sha256:${F64}`],
  [`test:5000/repo:tag@sha256:${F64}`, 'test:5000/repo', 'test:5000', 'tag', `sha256:${F64}`],
  ['lowercase:Uppercase', 'lowercase', undefined, 'Uppercase', undefined],
  [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, `${'a/'.repeat(127)}a`, 'a', 'tag-puts-this-over-max', undefined],
  ['sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', undefined, undefined],
  ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com/bar/baz/quux', 'sub-dom1.foo.com', 'some-long-tag', undefined],
  ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io/test.example.com/my-app', 'b.gcr.io', 'test.example.com', undefined],
  ['xn--n3h.com/myimage:xn--n3h.com', 'xn--n3h.com/myimage', 'xn--n3h.com', 'xn--n3h.com', undefined],
  [`xn--7o8h.com/myimage:xn--7o8h.com@sha512:${F128}`, 'xn--7o8h.com/myimage', 'xn--7o8h.com', 'xn--7o8h.com', `sha512:${F128}`],
  ['foo_bar.com:8080', 'foo_bar.com', undefined, '8080', undefined],
  ['foo/foo_bar.com:8080', 'foo/foo_bar.com', 'foo', '8080', undefined],
  ['192.168.1.1', '192.168.1.1', undefined, undefined, undefined],
  ['192.168.1.1:tag', '192.168.1.1', undefined, 'tag', undefined],
  ['192.168.1.1:5000', '192.168.1.1', undefined, '5000', undefined],
  ['192.168.1.1/repo', '192.168.1.1/repo', '192.168.1.1', undefined, undefined],
  ['192.168.1.1:5000/repo', '192.168.1.1:5000/repo', '192.168.1.1:5000', undefined, undefined],
  ['192.168.1.1:5000/repo:5050', '192.168.1.1:5000/repo', '192.168.1.1:5000', '5050', undefined],
  ['[2001:db8::1]/repo', '[2001:db8::1]/repo', '[2001:db8::1]', undefined, undefined],
  ['[2001:db8:1:2:3:4:5:6]/repo:tag', '[2001:db8:1:2:3:4:5:6]/repo', '[2001:db8:1:2:3:4:5:6]', 'tag', undefined],
  ['[2001:db8::1]:5000/repo', '[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', undefined, undefined],
  ['[2001:db8::1]:5000/repo:tag', '[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', 'tag', undefined],
  [`[2001:db8::1]:5000/repo@sha256:${F64}`, '[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', undefined, `sha256:${F64}`],
  [`[2001:db8::1]:5000/repo:tag@sha256:${F64}`, '[2001:db8::1]:5000/repo', '[2001:db8::1]:5000', 'tag', `sha256:${F64}`],
  ['[2001:db8::]:5000/repo', '[2001:db8::]:5000/repo', '[2001:db8::]:5000', undefined, undefined],
  ['[::1]:5000/repo', '[::1]:5000/repo', '[::1]:5000', undefined, undefined],
])('%s parses', (input, name, domain, tag, digest) => {
  expect(parseImageReference(input)).toMatchObject({ name, domain, tag, digest });
});

test.each([
  ['', 'repository name must have at least one component'],
  [':justtag', 'invalid reference format'],
  [`@sha256:${F64}`, 'invalid reference format'],
  [`repo@sha256:${'f'.repeat(34)}`, 'invalid sha256 digest: want 64 lowercase hex characters'],
  [`validname@invaliddigest:${F64}`, 'unsupported digest algorithm "invaliddigest"'],
  ['Uppercase:tag', 'repository name must be lowercase'],
  ['test:5000/Uppercase/lowercase:tag', 'repository name must be lowercase'],
  [`${'a/'.repeat(128)}a:tag`, 'repository name must not be more than 255 characters'],
  ['aa/asdf$$^/aa', 'invalid reference format'],
  ['[2001:db8::1]', 'invalid reference format'],
  ['[2001:db8::1]:5000', 'invalid reference format'],
  ['[2001:db8::1]:tag', 'invalid reference format'],
  ['[fe80::1%eth0]:5000/repo', 'invalid reference format'],
  ['[fe80::1%@invalidzone]:5000/repo', 'invalid reference format'],
])('%s is refused: %s', (input, message) => {
  expect(() => parseImageReference(input)).toThrow(new Error(message));
});

// Which first component is a registry host, as the CRI decides when it pulls
// (so `hello-app:1.0.0` is docker.io/library/hello-app, not a local name).
test.each([
  ['ghcr.io/hello-k8s/hello-app:1.0.0', 'ghcr.io', 'hello-k8s/hello-app'],
  ['localhost/hello-k8s/pause:1.0.0', 'localhost', 'hello-k8s/pause'],
  ['127.0.0.1:5000/app:1', '127.0.0.1:5000', 'app'],
  ['registry:5000/app:1', 'registry:5000', 'app'],
  ['hello-app:1.0.0', 'docker.io', 'library/hello-app'],
  ['team/app:1', 'docker.io', 'team/app'],
  ['foo/foo_bar.com:8080', 'docker.io', 'foo/foo_bar.com'],
  ['test.com/foo:1', 'test.com', 'foo'],
])('%s is pulled from %s as %s', (input, registry, repository) => {
  expect(parseImageReference(input)).toMatchObject({ registry, repository });
});
