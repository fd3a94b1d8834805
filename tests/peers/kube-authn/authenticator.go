package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/apis/apiserver/install"
	apiservervalidation "k8s.io/apiserver/pkg/apis/apiserver/validation"
	"k8s.io/apiserver/pkg/authentication/authenticator"
	authenticationcel "k8s.io/apiserver/pkg/authentication/cel"
	"k8s.io/apiserver/pkg/authentication/group"
	"k8s.io/apiserver/pkg/authentication/request/bearertoken"
	"k8s.io/apiserver/pkg/authentication/token/union"
	"k8s.io/apiserver/pkg/server/dynamiccertificates"
	"k8s.io/apiserver/plugin/pkg/authenticator/token/oidc"
)

// The decoder kube-apiserver uses for --authentication-config: every registered version of
// apiserver.config.k8s.io, strict (unknown or duplicate fields are errors).
var (
	cfgScheme = runtime.NewScheme()
	codecs    = serializer.NewCodecFactory(cfgScheme, serializer.EnableStrict)
)

func init() { install.Install(cfgScheme) }

// configError is a configuration kube-apiserver would refuse to start with.
type configError struct{ err error }

func (e *configError) Error() string { return e.err.Error() }

// chain is the authenticator as kube-apiserver layers it for JWTs.
type chain struct {
	// token is the union (fail on error) of one oidc authenticator per jwt entry.
	token authenticator.Token
	// request is bearertoken over token, inside the authenticated-group adder.
	request authenticator.Request
}

// loadConfig reads, decodes and validates the file as kube-apiserver does at start.
func loadConfig(path string) (*apiserver.AuthenticationConfiguration, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	if len(data) == 0 {
		return nil, &configError{errors.New("empty config data")}
	}
	obj, err := runtime.Decode(codecs.UniversalDecoder(), data)
	if err != nil {
		return nil, &configError{err}
	}
	cfg, ok := obj.(*apiserver.AuthenticationConfiguration)
	if !ok {
		return nil, &configError{fmt.Errorf("expected AuthenticationConfiguration, got %T", obj)}
	}
	errs := apiservervalidation.ValidateAuthenticationConfiguration(
		authenticationcel.NewDefaultCompiler(), cfg, nil).ToAggregate()
	if errs != nil {
		return nil, &configError{errs}
	}
	return cfg, nil
}

// buildChain makes one oidc authenticator per jwt entry with every signing algorithm allowed
// (as with --authentication-config) and waits up to healthTimeout for all to be healthy. An
// authenticator still unhealthy then is kept, as in a cluster: its tokens are rejected with
// "oidc: authenticator not initialized".
func buildChain(ctx context.Context, cfg *apiserver.AuthenticationConfiguration, healthTimeout time.Duration) (*chain, error) {
	var tokens []authenticator.Token
	var health []func() error
	for _, jwt := range cfg.JWT {
		var ca oidc.CAContentProvider
		if len(jwt.Issuer.CertificateAuthority) > 0 {
			content, err := dynamiccertificates.NewStaticCAContent("oidc-authenticator", []byte(jwt.Issuer.CertificateAuthority))
			if err != nil {
				return nil, &configError{err}
			}
			ca = content
		}
		auth, err := oidc.New(ctx, oidc.Options{
			JWTAuthenticator:     jwt,
			CAContentProvider:    ca,
			SupportedSigningAlgs: oidc.AllValidSigningAlgorithms(),
		})
		if err != nil {
			return nil, &configError{err}
		}
		tokens = append(tokens, auth)
		health = append(health, auth.HealthCheck)
	}
	waitHealthy(health, healthTimeout)
	token := union.NewFailOnError(tokens...)
	return &chain{
		token:   token,
		request: group.NewAuthenticatedGroupAdder(bearertoken.New(token)),
	}, nil
}

func waitHealthy(checks []func() error, timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	for _, check := range checks {
		for {
			err := check()
			if err == nil {
				break
			}
			if time.Now().After(deadline) {
				fmt.Fprintf(os.Stderr, "kube-authn: warning: %v\n", err)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// start loads the configuration and builds the chain.
func start(ctx context.Context, flags commonFlags) (*chain, error) {
	cfg, err := loadConfig(flags.config)
	if err != nil {
		return nil, err
	}
	return buildChain(ctx, cfg, flags.healthTimeout)
}
