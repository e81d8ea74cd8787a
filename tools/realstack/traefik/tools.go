//go:build tools

// The real tier's Traefik: this module only pins github.com/traefik/traefik/v3 (and the forks its go.mod replaces, which
// a dependent module must repeat) so that `go build github.com/traefik/traefik/v3/cmd/traefik` works from here.
package tools

import _ "github.com/traefik/traefik/v3/cmd/traefik"
