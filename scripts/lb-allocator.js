#!/usr/bin/env node
// The local cluster's load-balancer controller: like MetalLB or
// cloud-provider-kind, it gives every Service of type LoadBalancer an address
// in status.loadBalancer.ingress (here 127.0.0.1), so `pulumi up` waits for
// the address honestly instead of skipping the wait.
// Usage: node scripts/lb-allocator.js KUBECONFIG
'use strict';
const { execFile } = require('child_process');

const kubeconfig = process.argv[2];
const ADDRESS = process.env.LB_ADDRESS || '127.0.0.1';
const kubectl = (args) => new Promise((resolve, reject) => {
  execFile('kubectl', ['--kubeconfig', kubeconfig, ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
    if (err) reject(new Error(stderr || err.message)); else resolve(stdout);
  });
});

async function reconcile() {
  const services = JSON.parse(await kubectl(['get', 'services', '--all-namespaces', '-o', 'json'])).items;
  for (const svc of services) {
    if (svc.spec.type !== 'LoadBalancer' || (svc.status.loadBalancer?.ingress ?? []).length > 0) continue;
    const { namespace, name } = svc.metadata;
    const patch = JSON.stringify({ status: { loadBalancer: { ingress: [{ ip: ADDRESS }] } } });
    await kubectl(['patch', 'service', name, '-n', namespace, '--subresource=status', '--type=merge', '-p', patch]);
    console.log(`${new Date().toISOString()} assigned ${ADDRESS} to ${namespace}/${name}`);
  }
}

async function main() {
  let stopping = false;
  process.on('SIGTERM', () => { stopping = true; });
  while (!stopping) {
    try {
      await reconcile();
    } catch (err) {
      console.error(`${new Date().toISOString()} ${err.message.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
main();
