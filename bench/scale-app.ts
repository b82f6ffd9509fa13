// Bench-only app (never written to dist/): N HelloApp instances in one chart.
// Usage: node --import tsx bench/scale-app.ts N OUTDIR
import { App, Chart } from 'cdk8s';
import { HelloApp } from '../charts/hello-app';

const count = Number(process.argv[2]);
const app = new App({ outdir: process.argv[3] });
const chart = new Chart(app, 'scale', { namespace: 'bench', disableResourceNameHashes: true });
for (let i = 0; i < count; i++) {
  new HelloApp(chart, `app-${i}`, { name: `hello-${i}`, image: 'ghcr.io/hello-k8s/hello-app:1.0.0' });
}
app.synth();
