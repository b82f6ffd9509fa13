module github.com/hello-k8s/hello-k8s/bench/floor

go 1.26
