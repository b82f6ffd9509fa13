import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { synthToDirectory } from '../charts/synth-to-directory';

function tempDist(): string {
  const root = mkdtempSync(join(tmpdir(), 'hello-k8s-'));
  const dist = join(root, 'dist');
  mkdirSync(dist);
  writeFileSync(join(dist, 'old.k8s.yaml'), 'old\n');
  return dist;
}

test('replaces the directory whole on success', async () => {
  const dist = tempDist();
  await synthToDirectory(dist, (staging) => writeFileSync(join(staging, 'new.k8s.yaml'), 'new\n'));
  expect(readdirSync(dist)).toStrictEqual(['new.k8s.yaml']);
  expect(readdirSync(join(dist, '..'))).toStrictEqual(['dist']);
});

test('leaves the directory untouched, and no staging folder, when rendering throws', async () => {
  const dist = tempDist();
  await expect(synthToDirectory(dist, (staging) => {
    writeFileSync(join(staging, 'half.k8s.yaml'), 'half\n');
    throw new Error("local/hello-app: 'replicas' must be an integer >= 1, got 0");
  })).rejects.toThrow("local/hello-app: 'replicas' must be an integer >= 1, got 0");
  expect(readdirSync(dist)).toStrictEqual(['old.k8s.yaml']);
  expect(readFileSync(join(dist, 'old.k8s.yaml'), 'utf8')).toBe('old\n');
  expect(readdirSync(join(dist, '..'))).toStrictEqual(['dist']);
});

test('creates the directory when it does not exist yet', async () => {
  const dist = join(mkdtempSync(join(tmpdir(), 'hello-k8s-')), 'dist');
  await synthToDirectory(dist, (staging) => writeFileSync(join(staging, 'a.k8s.yaml'), 'a\n'));
  expect(readdirSync(dist)).toStrictEqual(['a.k8s.yaml']);
});
