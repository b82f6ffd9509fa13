module github.com/hello-k8s/hello-k8s/hack/local-cluster/pause

go 1.26
