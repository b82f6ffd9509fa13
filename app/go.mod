module github.com/hello-k8s/hello-k8s/app

go 1.26
