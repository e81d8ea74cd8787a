// etcd for the real test cluster (npm run cluster): the upstream etcd server's own entry point, built from its Go
// module at the version pinned in go.mod (the one kube-apiserver v1.34 is tested against).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
