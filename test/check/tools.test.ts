// The check's built tools live in the user's cache under a key of what they are
// built from: a changed source is a new key, so a stale build is never used.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { toolsCacheRoot, toolsDigest } from '../../check/tools';

const CHECK = join(__dirname, '..', '..', 'check');

/** A copy of check/'s modules and sources, with `edit` applied to one file. */
function copyWith(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hello-k8s-check-key-'));
  cpSync(CHECK, dir, { recursive: true, filter: (src) => !src.includes('node_modules') });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

test('the same sources give the same key', () => {
  expect(toolsDigest(copyWith('go.mod', (t) => t))).toBe(toolsDigest(CHECK));
});

test.each([
  ['a pinned release', 'go.mod', (t: string) => t.replace(/k8s\.io\/kubernetes v1\.(\d+)\.(\d+)/, 'k8s.io/kubernetes v1.$1.999')],
  ['a tool\'s source', 'cmd/k8s-validate/main.go', (t: string) => `${t}\n// changed\n`],
  ['the linters\' pins', 'linters/go.sum', (t: string) => `${t}example.com/x v1.0.0 h1:changed=\n`],
])('a change to %s is a new key: the stale build is not used', (_case, file, edit) => {
  expect(toolsDigest(copyWith(file, edit))).not.toBe(toolsDigest(CHECK));
});

test.each([
  [{ XDG_CACHE_HOME: '/var/cache/me' }, '/var/cache/me/hello-k8s-check'],
  [{ XDG_CACHE_HOME: '' }, join(require('os').homedir(), '.cache', 'hello-k8s-check')],
])('the cache root follows XDG_CACHE_HOME, as Go\'s build cache does: %j', (env, root) => {
  expect(toolsCacheRoot(env)).toBe(root);
});
