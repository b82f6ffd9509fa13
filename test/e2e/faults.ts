// Bad builds of the app for the release's e2e cases: a copy of app/'s server
// whose `/` fails a share of requests, or answers slowly. Written into the
// scratch repository's app/ and taken out again; never into the checkout.
import { readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';

export type Fault = 'errors' | 'slow';

const FAULT_FILE = 'internal/server/zz_fault.go';
const HANDLER = 'func (a *App) handleHello(w http.ResponseWriter, _ *http.Request) {';

/** The fault's Go: every 4th request answers 500, or every request waits 300 ms. */
function faultSource(fault: Fault): string {
  const body = fault === 'errors'
    ? '\tif faults.Add(1)%4 == 0 {\n\t\thttp.Error(w, "injected fault", http.StatusInternalServerError)\n\t\treturn true\n\t}\n\treturn false'
    : '\ttime.Sleep(300 * time.Millisecond)\n\treturn false';
  return `package server

import (
	"net/http"
	"sync/atomic"
	"time"
)

var faults atomic.Int64

var _ = time.Second

// injectFault is the e2e tier's bad build (test/e2e/faults.ts); it reports whether it answered.
func injectFault(w http.ResponseWriter) bool {
	_ = faults.Load()
${body}
}
`;
}

/** Puts the fault into appDir's server; returns what takes it out again. */
export function injectFault(appDir: string, fault: Fault): () => void {
  const server = join(appDir, 'internal/server/server.go');
  const original = readFileSync(server, 'utf8');
  if (!original.includes(HANDLER)) {
    throw new Error(`${server}: no \`${HANDLER}\` to put the fault in`);
  }
  writeFileSync(server, original.replace(HANDLER, `${HANDLER}\n\tif injectFault(w) {\n\t\treturn\n\t}`));
  writeFileSync(join(appDir, FAULT_FILE), faultSource(fault));
  return () => {
    writeFileSync(server, original);
    rmSync(join(appDir, FAULT_FILE), { force: true });
  };
}
