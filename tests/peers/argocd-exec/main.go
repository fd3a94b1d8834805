// Command argocd-exec runs an Argo CD cluster Secret's execProviderConfig the way Argo CD
// v3.5 does: it decodes stringData.config with Argo CD's own JSON field names (strictly, so
// that a field Argo CD does not know is an error), builds client-go's rest.Config as Argo CD's
// Cluster.RawRestConfig does (ExecProvider with ProvideClusterInfo and Config as a JSON
// runtime.Unknown, InteractiveMode Never), and sends one request through client-go to a local
// server. It prints {"authorization": "<the header the server received>"}.
//
// Usage: argocd-exec SECRET.json
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"

	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/rest"
	clientcmdapi "k8s.io/client-go/tools/clientcmd/api"
)

// execProviderConfig mirrors argo-cd pkg/apis/application/v1alpha1 ExecProviderConfig (v3.5).
type execProviderConfig struct {
	Command            string                `json:"command,omitempty"`
	Args               []string              `json:"args,omitempty"`
	Env                map[string]string     `json:"env,omitempty"`
	APIVersion         string                `json:"apiVersion,omitempty"`
	InstallHint        string                `json:"installHint,omitempty"`
	ProvideClusterInfo bool                  `json:"provideClusterInfo,omitempty"`
	Config             *runtime.RawExtension `json:"config,omitempty"`
}

// tlsClientConfig mirrors the fields of Argo CD's TLSClientConfig that jwtcred writes.
type tlsClientConfig struct {
	Insecure   bool   `json:"insecure"`
	ServerName string `json:"serverName,omitempty"`
	CAData     []byte `json:"caData,omitempty"`
}

// clusterConfig mirrors the part of Argo CD's ClusterConfig that jwtcred writes.
type clusterConfig struct {
	ExecProviderConfig *execProviderConfig `json:"execProviderConfig,omitempty"`
	TLSClientConfig    tlsClientConfig     `json:"tlsClientConfig"`
}

type secret struct {
	StringData struct {
		Name   string `json:"name"`
		Server string `json:"server"`
		Config string `json:"config"`
	} `json:"stringData"`
}

func strictDecode(data []byte, into any) error {
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.DisallowUnknownFields()
	return decoder.Decode(into)
}

// restConfig follows Cluster.RawRestConfig's ExecProviderConfig branch.
func restConfig(host string, c *clusterConfig) *rest.Config {
	exec := c.ExecProviderConfig
	var env []clientcmdapi.ExecEnvVar
	for name, value := range exec.Env {
		env = append(env, clientcmdapi.ExecEnvVar{Name: name, Value: value})
	}
	execConfig := &clientcmdapi.ExecConfig{
		APIVersion:         exec.APIVersion,
		Command:            exec.Command,
		Args:               exec.Args,
		Env:                env,
		InstallHint:        exec.InstallHint,
		ProvideClusterInfo: exec.ProvideClusterInfo,
		InteractiveMode:    clientcmdapi.NeverExecInteractiveMode,
	}
	if exec.Config != nil && len(exec.Config.Raw) > 0 {
		execConfig.Config = &runtime.Unknown{Raw: exec.Config.Raw, ContentType: runtime.ContentTypeJSON}
	}
	return &rest.Config{Host: host, ExecProvider: execConfig}
}

func run(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var s secret
	if err := json.Unmarshal(raw, &s); err != nil {
		return fmt.Errorf("secret: %w", err)
	}
	var config clusterConfig
	if err := strictDecode([]byte(s.StringData.Config), &config); err != nil {
		return fmt.Errorf("stringData.config is not an Argo CD cluster config: %w", err)
	}
	if config.ExecProviderConfig == nil {
		return fmt.Errorf("stringData.config has no execProviderConfig")
	}

	var mu sync.Mutex
	var seen string
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = r.Header.Get("Authorization")
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"major":"1","minor":"36"}`)
	}))
	defer server.Close()

	client, err := rest.HTTPClientFor(restConfig(server.URL, &config))
	if err != nil {
		return fmt.Errorf("client-go: %w", err)
	}
	response, err := client.Get(server.URL + "/version")
	if err != nil {
		return fmt.Errorf("request through client-go: %w", err)
	}
	_ = response.Body.Close()
	mu.Lock()
	defer mu.Unlock()
	return json.NewEncoder(os.Stdout).Encode(map[string]string{"authorization": seen})
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: argocd-exec SECRET.json")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "argocd-exec:", err)
		os.Exit(1)
	}
}
