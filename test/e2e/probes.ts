// The local cluster's doors, each tried from the host as an outsider would:
// every probe is a real request (curl) or a real read (etcd's raw bytes, the
// audit log, the listening sockets), and its observation is what came back.
import { spawnSync } from 'child_process';
import { readFileSync, readdirSync, statSync } from 'fs';
import { join } from 'path';

/** One line of the probe table: what was tried, what must hold, what was seen. */
export interface Observation {
  readonly door: string;
  readonly expected: string;
  readonly seen: string;
  readonly holds: boolean;
}

interface CurlAnswer {
  /** curl's exit status: 0 when an HTTP answer came back. */
  readonly exit: number;
  /** The HTTP status, 0 when there was none. */
  readonly status: number;
  readonly body: string;
  readonly error: string;
}

/** curl with a 5 s limit; never throws. */
export function curl(...args: string[]): CurlAnswer {
  const result = spawnSync('curl', ['-sS', '--max-time', '5', '-w', '\n%{http_code}', ...args], { encoding: 'utf8' });
  const out = result.stdout ?? '';
  const cut = out.lastIndexOf('\n');
  return { exit: result.status ?? -1, status: Number(out.slice(cut + 1)) || 0, body: out.slice(0, cut), error: (result.stderr ?? '').trim() };
}

const said = (a: CurlAnswer) => (a.exit === 0 ? `HTTP ${a.status}` : `no answer (curl exit ${a.exit}: ${a.error.replace(/^curl: \(\d+\) /, '')})`);

/** The value of a component's command-line flag, from its running process. */
export function flag(state: string, component: string, name: string): string {
  const pid = readFileSync(join(state, 'pids', component), 'utf8').trim();
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  const at = args.indexOf(name);
  if (at < 0) {
    throw new Error(`${component} (pid ${pid}) runs without ${name}`);
  }
  return args[at + 1];
}

/** Requests to etcd's JSON gateway with the given client credentials (curl arguments). */
export function etcdRange(state: string, key: string, credentials: string[], scheme = 'https'): CurlAnswer {
  const url = flag(state, 'kube-apiserver', '--etcd-servers').replace(/^https:/, `${scheme}:`);
  return curl(...credentials, '-X', 'POST', `${url}/v3/kv/range`, '-d', JSON.stringify({ key: Buffer.from(key).toString('base64') }));
}

/** etcd's own CA, and the API server's client certificate of it. */
export const etcdCA = (state: string) => ['--cacert', join(state, 'pki', 'etcd', 'ca.crt')];
export const apiServerEtcdClient = (state: string) => [...etcdCA(state),
  '--cert', join(state, 'pki', 'apiserver-etcd-client.crt'), '--key', join(state, 'pki', 'apiserver-etcd-client.key')];

/** The etcd doors: closed to plain HTTP, to TLS without a certificate and to the cluster CA's certificates; open to the API server. */
export function etcdProbes(state: string): Observation[] {
  const key = '/registry/namespaces/default';
  const plain = etcdRange(state, key, [], 'http');
  const noCert = etcdRange(state, key, etcdCA(state));
  const admin = etcdRange(state, key, [...etcdCA(state), '--cert', join(state, 'pki', 'admin.crt'), '--key', join(state, 'pki', 'admin.key')]);
  const apiServer = etcdRange(state, key, apiServerEtcdClient(state));
  const answered = (a: CurlAnswer) => a.body.includes('"cluster_id"');
  return [
    { door: 'etcd, plain HTTP', expected: 'refused', seen: said(plain), holds: !answered(plain) },
    { door: 'etcd, TLS without a client certificate', expected: 'refused', seen: said(noCert), holds: !answered(noCert) },
    { door: 'etcd, TLS with the admin\'s certificate (cluster CA, not etcd\'s)', expected: 'refused', seen: said(admin), holds: !answered(admin) },
    { door: 'etcd, TLS with the API server\'s etcd client certificate', expected: 'HTTP 200 with the cluster header', seen: `${said(apiServer)}${answered(apiServer) ? ', cluster header' : ''}`, holds: apiServer.status === 200 && answered(apiServer) },
  ];
}

/** Anonymous requests (no credentials, server certificate not checked) to every component's secure port. */
export function anonymousProbes(state: string, bridgeIP: string): Observation[] {
  // Every node's kubelet, at its own address and port (node 2's inside its network namespace).
  const kubelets = readdirSync(join(state, 'nodes')).sort().map((node): [string, string] => {
    const config = readFileSync(join(state, 'nodes', node, 'kubelet', 'config.yaml'), 'utf8');
    return [`kubelet of ${node}`, `https://${/^address: (\S+)$/m.exec(config)![1]}:${/^port: (\d+)$/m.exec(config)![1]}/pods`];
  });
  const doors: [string, string][] = [
    ['kube-apiserver', `https://127.0.0.1:${flag(state, 'kube-apiserver', '--secure-port')}/api/v1/secrets`],
    ...kubelets,
    ['metrics-server', `https://${bridgeIP}:${flag(state, 'metrics-server', '--secure-port')}/apis/metrics.k8s.io/v1beta1/pods`],
    ['kube-controller-manager', `https://127.0.0.1:${flag(state, 'kube-controller-manager', '--secure-port')}/metrics`],
    ['kube-scheduler', `https://127.0.0.1:${flag(state, 'kube-scheduler', '--secure-port')}/metrics`],
  ];
  return doors.map(([component, url]) => {
    const answer = curl('-k', url);
    return {
      door: `${component}, anonymous ${new URL(url).pathname}`,
      expected: 'HTTP 401 or 403',
      seen: said(answer),
      holds: answer.status === 401 || answer.status === 403,
    };
  });
}

/** A Secret as etcd stores it: the encryption provider's prefix, never the plaintext. */
export function encryptionProbe(state: string, namespace: string, name: string, plaintext: string): Observation {
  const answer = etcdRange(state, `/registry/secrets/${namespace}/${name}`, apiServerEtcdClient(state));
  const kv = answer.status === 200 ? JSON.parse(answer.body).kvs?.[0] : undefined;
  const raw = kv ? Buffer.from(kv.value, 'base64') : Buffer.alloc(0);
  const prefix = 'k8s:enc:secretbox:v1:key1:';
  return {
    door: `Secret ${namespace}/${name} read raw from etcd`,
    expected: `starts with ${prefix}, no plaintext`,
    seen: kv ? `${raw.length} bytes starting ${JSON.stringify(raw.subarray(0, prefix.length).toString('latin1'))}, plaintext ${raw.includes(plaintext) ? 'present' : 'absent'}` : said(answer),
    holds: raw.subarray(0, prefix.length).toString('latin1') === prefix && !raw.includes(plaintext),
  };
}

/** The audit log's record of the deploy: changes in the app's namespace by the Pulumi identity, with their bodies. */
export function auditProbe(state: string, namespace: string, user: string): Observation {
  const events = readFileSync(join(state, 'logs', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const changes = events.filter((e) => e.user?.username === user && e.objectRef?.namespace === namespace
    && ['create', 'update', 'patch'].includes(e.verb) && e.responseStatus?.code < 300);
  const kinds = [...new Set(changes.map((e) => `${e.verb} ${e.objectRef.resource}`))].sort();
  const withBody = changes.filter((e) => e.requestObject !== undefined).length;
  return {
    door: `audit log, changes in ${namespace}`,
    expected: `the deploy's requests by user ${user}, with bodies`,
    seen: `${changes.length} of ${events.length} events (${kinds.join(', ')}), ${withBody} with bodies`,
    holds: kinds.some((k) => k.endsWith(' deployments')) && withBody === changes.length && changes.length > 0,
  };
}

/** A Secret's creation in the audit log: who and when, never its body. */
export function auditSecretProbe(state: string, namespace: string, name: string): Observation {
  const events = readFileSync(join(state, 'logs', 'audit.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((e) => e.verb === 'create' && e.objectRef?.resource === 'secrets' && e.objectRef?.namespace === namespace && e.objectRef?.name === name);
  return {
    door: `audit log, Secret ${namespace}/${name} created`,
    expected: 'logged at Metadata, no body',
    seen: events.map((e) => `${e.level} by ${e.user.username}${e.requestObject ? ' with body' : ''}`).join(', ') || 'not logged',
    holds: events.length === 1 && events[0].level === 'Metadata' && events[0].requestObject === undefined,
  };
}

/** Secrets at rest on the host: keys, kubeconfigs and the encryption key readable by root only. */
export function fileModeProbe(state: string): Observation {
  const pki = join(state, 'pki');
  const files = [
    ...readdirSync(pki).filter((f) => f.endsWith('.key')).map((f) => join(pki, f)),
    ...readdirSync(join(pki, 'etcd')).filter((f) => f.endsWith('.key')).map((f) => join(pki, 'etcd', f)),
    join(state, 'kubeconfig'), join(state, 'pulumi.kubeconfig'), join(state, 'kube-apiserver', 'encryption.yaml'),
  ];
  const open = files.filter((f) => (statSync(f).mode & 0o077) !== 0).map((f) => f.slice(state.length + 1));
  return { door: 'private keys, kubeconfigs, encryption key', expected: 'mode 600', seen: open.length ? `open: ${open.join(', ')}` : `${files.length} files, all 600`, holds: open.length === 0 };
}

/** Every socket the cluster's processes listen on (TCP and UDP), as "process address:port". */
export function listeners(state: string): string[] {
  const pids = new Set(readdirSync(join(state, 'pids')).map((f) => readFileSync(join(state, 'pids', f), 'utf8').trim()));
  return spawnSync('ss', ['-Htulnp'], { encoding: 'utf8' }).stdout.split('\n')
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const owner = /\(\("([^"]+)",pid=(\d+)/.exec(line);
      return owner && pids.has(owner[2]) ? `${owner[1]} ${fields[4]}` : undefined;
    })
    .filter((l): l is string => l !== undefined).sort();
}

/** Listeners only on loopback or the cluster's own bridge. */
export function listenerProbe(state: string, bridgeIP: string): Observation {
  const all = listeners(state);
  const outside = all.filter((l) => !/ 127\.\d+\.\d+\.\d+:\d+$/.test(l) && !l.endsWith(` ${bridgeIP}:${l.split(':').pop()}`));
  return {
    door: 'listening sockets of the cluster\'s processes',
    expected: 'on 127.0.0.0/8 or the bridge only',
    seen: outside.length ? `outside: ${outside.join(', ')}` : `${all.length}, none outside`,
    holds: all.length > 0 && outside.length === 0,
  };
}

/** The observations as an aligned text table. */
export function table(observations: readonly Observation[]): string {
  const width = Math.max(...observations.map((o) => o.door.length));
  return observations.map((o) => `${o.holds ? 'holds ' : 'FAILS '} ${o.door.padEnd(width)}  expected ${o.expected}; seen ${o.seen}`).join('\n');
}
