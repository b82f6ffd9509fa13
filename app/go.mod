module github.com/hello-k8s/hello-k8s/app

go 1.26

// The exact compiler of the image: the same sources give the same image digest.
toolchain go1.26.8
