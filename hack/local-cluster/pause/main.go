// Command pause is the local cluster's pod sandbox process: the infra
// container that holds a pod's namespaces open. No image can be pulled here,
// so the cluster builds this instead of registry.k8s.io/pause. Like the
// upstream one it does nothing but wait for SIGTERM or SIGINT and, as PID 1 of
// the pod's PID namespace, reap any child that gets re-parented to it.
package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() { run(func() {}) }

// run waits for SIGTERM or SIGINT, reaping children meanwhile; ready is called
// once the handlers are installed.
func run(ready func()) {
	signals := make(chan os.Signal, 8)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT, syscall.SIGCHLD)
	ready()
	for sig := range signals {
		if sig != syscall.SIGCHLD {
			fmt.Fprintf(os.Stderr, "pause: %v, exiting\n", sig)
			return
		}
		reapChildren()
	}
}

// reapChildren collects every exited child so none stays a zombie.
func reapChildren() {
	for {
		var status syscall.WaitStatus
		pid, err := syscall.Wait4(-1, &status, syscall.WNOHANG, nil)
		if pid <= 0 || err != nil {
			return
		}
	}
}
