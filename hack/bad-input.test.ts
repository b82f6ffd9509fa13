// The harness's commands with no cluster or a bad argument: one line each, never
// kubectl's connection errors or a FAILED trace. The cluster's state folder is an
// empty one, so these run the same whether or not the local cluster is up.
import { spawnSync } from 'child_process';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '..');
const emptyState = mkdtempSync(join(tmpdir(), 'hello-k8s-no-cluster-'));

test.each([
  ['hack/run cluster status, no cluster', ['hack/local-cluster/cluster.sh', 'status'], {}, 1,
    /^\[\d\d:\d\d:\d\d\] local cluster not running \(hack\/run cluster up starts it\)$/],
  ['cluster.sh with an unknown command', ['hack/local-cluster/cluster.sh', 'start'], {}, 2,
    /^cluster\.sh: start: unknown command \(usage: hack\/run cluster up\|down\|status\|push-image TREE\)$/],
  ['cluster.sh push-image without a tree', ['hack/local-cluster/cluster.sh', 'push-image'], {}, 2,
    /^cluster\.sh push-image: TREE: required/],
  ['hack/run kubectl, no cluster and no KUBECONFIG', ['hack/kubectl.sh', 'get', 'pods'], {}, 2,
    /^kubectl: no cluster: the local cluster is not running \(hack\/run cluster up\) and KUBECONFIG is not set$/],
  ['pulumi.sh with a command it does not run', ['hack/pulumi.sh', 'upp'], {}, 2,
    /^pulumi\.sh: upp: not a command here \(usage: hack\/run preview\|up\|destroy\|drift\|pr-deploy\|release \[flags\]; hack\/pulumi\.sh stack ARGS\|env\)$/],
  ['hack/run tools with a tool it does not build', ['hack/tools/build.sh', 'kubeadm'], {}, 2,
    /^build\.sh: kubeadm: unknown tool \(known: pulumi /],
  ['hack/run up on a stack that does not exist', ['hack/pulumi.sh', 'up'], { STACK: 'nosuch' }, 2,
    /^pulumi\.sh: STACK=nosuch: no Pulumi\.nosuch\.yaml \(stacks: eks,gke,local\)$/],
  ['hack/run fresh-host with an unknown option', ['hack/fresh-host/run.sh', '--bogus'], {}, 2,
    /^fresh-host: --bogus: unknown option \(usage: hack\/run fresh-host \[--cold\] \[--no-test\] \[SOURCE_DIR\]\)$/],
  ['hack/run with a command it does not have', ['hack/run', 'deploy'], {}, 2,
    /^hack\/run: deploy: not a command \(commands: up preview destroy drift pr-deploy release kubectl cluster tools e2e fresh-host template-copy bench\)$/],
])('%s: one line, exit %d', (_case, args, env, status, line) => {
  const { KUBECONFIG: _ignored, ...inherited } = process.env;
  const result = spawnSync('bash', args, { cwd: ROOT, encoding: 'utf8', env: { ...inherited, HELLO_K8S_CLUSTER_DIR: emptyState, ...env } });
  const lines = result.stderr.split('\n').filter(Boolean);
  expect({ status: result.status, lines: lines.length }).toStrictEqual({ status, lines: 1 });
  expect(lines[0]).toMatch(line);
});
