package main

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/version"
)

const reviewPath = "/apis/authentication.k8s.io/v1/selfsubjectreviews"

func runServe(args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	var flags commonFlags
	flags.register(fs)
	listen := fs.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	certDir := fs.String("cert-dir", "", "directory for the fresh CA (ca.crt) and serving cert (required)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := flags.check(); err != nil {
		return err
	}
	if *certDir == "" {
		return fmt.Errorf("--cert-dir is required")
	}
	ctx, cancel := lifecycle()
	defer cancel()
	go cancelWhenStdinCloses(cancel)

	c, err := start(ctx, flags)
	if err != nil {
		return err
	}
	cert, err := writeServingCert(*certDir)
	if err != nil {
		return err
	}
	listener, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	server := &http.Server{
		Handler:           &apiHandler{chain: c},
		TLSConfig:         &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12},
		ReadHeaderTimeout: 10 * time.Second,
	}
	fmt.Fprintf(os.Stdout, "https://%s\n", listener.Addr().String())
	go func() {
		<-ctx.Done()
		shutdown, done := context.WithTimeout(context.Background(), 2*time.Second)
		defer done()
		_ = server.Shutdown(shutdown)
	}()
	if err := server.ServeTLS(listener, "", ""); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// cancelWhenStdinCloses ends the server when the parent (the test) goes away.
func cancelWhenStdinCloses(cancel context.CancelFunc) {
	_, _ = io.Copy(io.Discard, os.Stdin)
	cancel()
}

type apiHandler struct{ chain *chain }

// requestLog is one line on stderr per request, for the tests to read.
type requestLog struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Error  string `json:"error,omitempty"`
}

// ServeHTTP authenticates every request as kube-apiserver does (no anonymous access) and
// answers JSON whatever the Accept header prefers (protobuf included).
func (h *apiHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	resp, ok, err := h.chain.request.AuthenticateRequest(r)
	entry := requestLog{Method: r.Method, Path: r.URL.Path}
	switch {
	case !ok:
		if err != nil {
			entry.Error = err.Error()
		} else {
			entry.Error = "no credentials"
		}
		entry.Status = writeStatus(w, http.StatusUnauthorized, metav1.StatusReasonUnauthorized, "Unauthorized")
	case r.Method == http.MethodPost && r.URL.Path == reviewPath:
		entry.Status = writeReview(w, resp.User.GetName(), resp.User.GetUID(), resp.User.GetGroups(), resp.User.GetExtra())
	case r.Method == http.MethodGet:
		entry.Status = writeDiscovery(w, r.URL.Path)
	default:
		entry.Status = writeStatus(w, http.StatusMethodNotAllowed, metav1.StatusReasonMethodNotAllowed,
			fmt.Sprintf("%s is not supported on %s", r.Method, r.URL.Path))
	}
	writeJSONLine(os.Stderr, entry)
}

func writeReview(w http.ResponseWriter, name, uid string, groups []string, extra map[string][]string) int {
	review := authenticationv1.SelfSubjectReview{
		TypeMeta:   metav1.TypeMeta{Kind: "SelfSubjectReview", APIVersion: "authentication.k8s.io/v1"},
		ObjectMeta: metav1.ObjectMeta{CreationTimestamp: metav1.Now()},
		Status: authenticationv1.SelfSubjectReviewStatus{UserInfo: authenticationv1.UserInfo{
			Username: name, UID: uid, Groups: groups, Extra: toExtraValues(extra),
		}},
	}
	return writeJSON(w, http.StatusCreated, review)
}

func toExtraValues(extra map[string][]string) map[string]authenticationv1.ExtraValue {
	if len(extra) == 0 {
		return nil
	}
	out := make(map[string]authenticationv1.ExtraValue, len(extra))
	for k, v := range extra {
		out[k] = v
	}
	return out
}

var authnGroupVersion = metav1.GroupVersionForDiscovery{GroupVersion: "authentication.k8s.io/v1", Version: "v1"}

func authnGroup() metav1.APIGroup {
	return metav1.APIGroup{
		TypeMeta:         metav1.TypeMeta{Kind: "APIGroup", APIVersion: "v1"},
		Name:             "authentication.k8s.io",
		Versions:         []metav1.GroupVersionForDiscovery{authnGroupVersion},
		PreferredVersion: authnGroupVersion,
	}
}

func writeDiscovery(w http.ResponseWriter, path string) int {
	switch path {
	case "/version":
		return writeJSON(w, http.StatusOK, version.Info{
			Major: "1", Minor: "37", GitVersion: "v1.37.2-kube-authn", GitTreeState: "clean",
			GoVersion: "go", Compiler: "gc", Platform: "linux/amd64",
		})
	case "/api":
		return writeJSON(w, http.StatusOK, metav1.APIVersions{
			TypeMeta: metav1.TypeMeta{Kind: "APIVersions"},
			Versions: []string{"v1"},
			ServerAddressByClientCIDRs: []metav1.ServerAddressByClientCIDR{
				{ClientCIDR: "0.0.0.0/0", ServerAddress: "127.0.0.1"},
			},
		})
	case "/api/v1":
		return writeJSON(w, http.StatusOK, metav1.APIResourceList{
			TypeMeta: metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"}, GroupVersion: "v1",
			APIResources: []metav1.APIResource{},
		})
	case "/apis":
		return writeJSON(w, http.StatusOK, metav1.APIGroupList{
			TypeMeta: metav1.TypeMeta{Kind: "APIGroupList", APIVersion: "v1"},
			Groups:   []metav1.APIGroup{authnGroup()},
		})
	case "/apis/authentication.k8s.io":
		return writeJSON(w, http.StatusOK, authnGroup())
	case "/apis/authentication.k8s.io/v1":
		return writeJSON(w, http.StatusOK, metav1.APIResourceList{
			TypeMeta:     metav1.TypeMeta{Kind: "APIResourceList", APIVersion: "v1"},
			GroupVersion: "authentication.k8s.io/v1",
			APIResources: []metav1.APIResource{{
				Name: "selfsubjectreviews", Kind: "SelfSubjectReview", Verbs: []string{"create"},
			}},
		})
	}
	return writeStatus(w, http.StatusNotFound, metav1.StatusReasonNotFound, "the server could not find the requested resource")
}

func writeStatus(w http.ResponseWriter, code int, reason metav1.StatusReason, message string) int {
	return writeJSON(w, code, metav1.Status{
		TypeMeta: metav1.TypeMeta{Kind: "Status", APIVersion: "v1"},
		Status:   metav1.StatusFailure, Message: message, Reason: reason, Code: int32(code),
	})
}

func writeJSON(w http.ResponseWriter, code int, body any) int {
	data, err := json.Marshal(body)
	if err != nil {
		code, data = http.StatusInternalServerError, []byte(`{"kind":"Status","apiVersion":"v1","status":"Failure","code":500}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(data)
	return code
}
