#!/usr/bin/env node
// The local cluster's cloud controller, doing the two jobs a cloud's controller
// manager (or cloud-provider-kind, MetalLB) does:
// - nodes: gives a new node its address and removes the
//   node.cloudprovider.kubernetes.io/uninitialized taint. The address is the one
//   its kubelet was given (--node-ip, which a kubelet with an external cloud
//   provider reports as an annotation), or 127.0.0.1 for the node in the host's
//   own network namespace, whose kubelet serves only on loopback and refuses a
//   loopback --node-ip;
// - Services of type LoadBalancer: assigns each its own loopback address
//   (127.0.0.1, 127.0.0.2, ...), where kube-proxy's rules make it answer.
// Usage: node cloud-controller.js API_SERVER_URL PKI_DIR
'use strict';
const https = require('https');
const { readFileSync } = require('fs');
const { join } = require('path');

const [server, pki] = process.argv.slice(2);
const agent = new https.Agent({
  keepAlive: true,
  ca: readFileSync(join(pki, 'ca.crt')),
  cert: readFileSync(join(pki, 'cloud-controller.crt')),
  key: readFileSync(join(pki, 'cloud-controller.key')),
});
const UNINITIALIZED = 'node.cloudprovider.kubernetes.io/uninitialized';
const PROVIDED_NODE_IP = 'alpha.kubernetes.io/provided-node-ip';

/** One API call; resolves with the parsed body, rejects on a non-2xx status. */
function api(method, path, body, contentType = 'application/merge-patch+json') {
  return new Promise((resolve, reject) => {
    const req = https.request(new URL(path, server), { method, agent, headers: body ? { 'content-type': contentType } : {} }, (res) => {
      let data = '';
      res.on('data', (chunk) => { data += chunk; });
      res.on('end', () => (res.statusCode < 300 ? resolve(JSON.parse(data)) : reject(new Error(`${method} ${path}: ${res.statusCode} ${data.trim()}`))));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const say = (message) => console.log(`${new Date().toISOString()} ${message}`);

async function initializeNodes() {
  for (const node of (await api('GET', '/api/v1/nodes')).items) {
    const taints = node.spec.taints ?? [];
    if (!taints.some((t) => t.key === UNINITIALIZED)) continue;
    const { name } = node.metadata;
    const address = node.metadata.annotations?.[PROVIDED_NODE_IP] ?? '127.0.0.1';
    const addresses = [{ type: 'InternalIP', address }, { type: 'Hostname', address: name }];
    await api('PATCH', `/api/v1/nodes/${name}/status`, { status: { addresses } }, 'application/strategic-merge-patch+json');
    await api('PATCH', `/api/v1/nodes/${name}`, { spec: { taints: taints.filter((t) => t.key !== UNINITIALIZED) } });
    say(`initialized node ${name}: InternalIP ${address}`);
  }
}

async function assignAddresses() {
  const services = (await api('GET', '/api/v1/services')).items.filter((s) => s.spec.type === 'LoadBalancer');
  const used = new Set(services.flatMap((s) => (s.status.loadBalancer?.ingress ?? []).map((i) => i.ip)));
  for (const svc of services) {
    if ((svc.status.loadBalancer?.ingress ?? []).length > 0) continue;
    let host = 1;
    while (used.has(`127.0.0.${host}`) && host < 254) host += 1;
    const ip = `127.0.0.${host}`;
    used.add(ip);
    const { namespace, name } = svc.metadata;
    await api('PATCH', `/api/v1/namespaces/${namespace}/services/${name}/status`, { status: { loadBalancer: { ingress: [{ ip }] } } });
    say(`assigned ${ip} to ${namespace}/${name}`);
  }
}

async function main() {
  let stopping = false;
  process.on('SIGTERM', () => { stopping = true; });
  while (!stopping) {
    for (const job of [initializeNodes, assignAddresses]) {
      try {
        await job();
      } catch (err) {
        say(err.message);
      }
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  agent.destroy();
}
main();
