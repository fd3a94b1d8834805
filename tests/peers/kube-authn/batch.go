package main

import (
	"bufio"
	"context"
	"flag"
	"net/http"
	"os"
	"strings"

	"k8s.io/apiserver/pkg/authentication/user"
)

type verdict struct {
	Authenticated bool      `json:"authenticated"`
	User          *userInfo `json:"user,omitempty"`
	Error         *string   `json:"error,omitempty"`
}

type userInfo struct {
	Username string              `json:"username"`
	UID      string              `json:"uid"`
	Groups   []string            `json:"groups"`
	Extra    map[string][]string `json:"extra"`
}

func newUserInfo(u user.Info) *userInfo {
	info := &userInfo{
		Username: u.GetName(),
		UID:      u.GetUID(),
		Groups:   u.GetGroups(),
		Extra:    u.GetExtra(),
	}
	if info.Groups == nil {
		info.Groups = []string{}
	}
	if info.Extra == nil {
		info.Extra = map[string][]string{}
	}
	return info
}

func runBatch(args []string) error {
	fs := flag.NewFlagSet("batch", flag.ContinueOnError)
	var flags commonFlags
	flags.register(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := flags.check(); err != nil {
		return err
	}
	ctx, cancel := lifecycle()
	defer cancel()
	c, err := start(ctx, flags)
	if err != nil {
		return err
	}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 0, 64*1024), 4*1024*1024)
	for scanner.Scan() {
		writeJSONLine(os.Stdout, c.judge(ctx, strings.TrimRight(scanner.Text(), "\r")))
	}
	return scanner.Err()
}

// judge runs the token through the token union for the authenticator's own error text, and
// an accepted one through the request layers (bearer token, authenticated-group adder) for the
// user a cluster would see.
func (c *chain) judge(ctx context.Context, token string) verdict {
	_, ok, err := c.token.AuthenticateToken(ctx, token)
	if !ok {
		text := ""
		if err != nil {
			text = err.Error()
		}
		return verdict{Error: &text}
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "https://127.0.0.1/", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, ok, err := c.request.AuthenticateRequest(req)
	if !ok {
		text := "accepted as a token but not as a request"
		if err != nil {
			text = err.Error()
		}
		return verdict{Error: &text}
	}
	return verdict{Authenticated: true, User: newUserInfo(resp.User)}
}
