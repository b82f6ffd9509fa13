module github.com/hello-k8s/hello-k8s/scripts/cluster/pause

go 1.26
