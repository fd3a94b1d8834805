// Command kube-authn runs the Kubernetes JWT authenticator (k8s.io/apiserver, the packages
// kube-apiserver uses for Structured Authentication) outside a cluster, for jwtcred's tests.
//
//	kube-authn batch --config FILE
//	    tokens on stdin, one per line; one JSON verdict per token on stdout.
//	kube-authn serve --config FILE --listen 127.0.0.1:0 --cert-dir DIR
//	    HTTPS on loopback: the discovery documents and SelfSubjectReview that
//	    `kubectl auth whoami` needs; prints the URL once the authenticators are healthy.
//
// A configuration that does not load or validate is reported as {"config_error": "..."} on
// stdout with exit code 2 (both modes).
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

const usage = `usage:
  kube-authn batch --config FILE
  kube-authn serve --config FILE [--listen 127.0.0.1:0] --cert-dir DIR`

// exitConfigError is the exit code when the AuthenticationConfiguration is rejected.
const exitConfigError = 2

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, usage)
		os.Exit(64)
	}
	mode, args := os.Args[1], os.Args[2:]
	var err error
	switch mode {
	case "batch":
		err = runBatch(args)
	case "serve":
		err = runServe(args)
	default:
		fmt.Fprintf(os.Stderr, "kube-authn: unknown mode %q\n%s\n", mode, usage)
		os.Exit(64)
	}
	if err != nil {
		if cfgErr, ok := err.(*configError); ok {
			writeJSONLine(os.Stdout, map[string]string{"config_error": cfgErr.Error()})
			os.Exit(exitConfigError)
		}
		fmt.Fprintf(os.Stderr, "kube-authn: %v\n", err)
		os.Exit(1)
	}
}

type commonFlags struct {
	config        string
	healthTimeout time.Duration
}

func (c *commonFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&c.config, "config", "", "AuthenticationConfiguration file (required)")
	fs.DurationVar(&c.healthTimeout, "health-timeout", 15*time.Second,
		"how long to wait for every JWT authenticator to become healthy")
}

func (c *commonFlags) check() error {
	if c.config == "" {
		return fmt.Errorf("--config is required")
	}
	return nil
}

// lifecycle is cancelled on SIGTERM/SIGINT; the authenticators' background work lives in it.
func lifecycle() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
}

func writeJSONLine(f *os.File, v any) {
	line, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	line = append(line, '\n')
	if _, err := f.Write(line); err != nil {
		fmt.Fprintf(os.Stderr, "kube-authn: write: %v\n", err)
		os.Exit(1)
	}
}
