package gist

import (
	"context"
	"testing"

	"github.com/apigen-go/apigen/internal/httprec"
)

// TestRequests calls every method of the definition and checks the exact
// request: method, request URI as sent and body.
func TestRequests(t *testing.T) {
	s := httprec.New(t)
	c, err := NewClient(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	files := map[string]any{"hello.go": map[string]string{"content": "package main"}}
	cases := []httprec.Case{
		{"Gist.List", func() error { _, err := c.Gist.List(ctx, nil); return err },
			"GET /gists?per_page=30&page=1"},
		{"Gist.List", func() error {
			_, err := c.Gist.List(ctx, &GistListParams{Since: "2026-11-01T00:00:00Z", Page: "3"})
			return err
		}, "GET /gists?since=2026-11-01T00%3A00%3A00Z&per_page=30&page=3"},
		{"Gist.Public", func() error { _, err := c.Gist.Public(ctx, nil); return err },
			"GET /gists/public"},
		{"Gist.Starred", func() error { _, err := c.Gist.Starred(ctx); return err },
			"GET /gists/starred"},
		{"Gist.Get", func() error { _, err := c.Gist.Get(ctx, "aa5a315d61ae9438b18d"); return err },
			"GET /gists/aa5a315d61ae9438b18d"},
		{"Gist.Revision", func() error { _, err := c.Gist.Revision(ctx, "g1", "57a7f0"); return err },
			"GET /gists/g1/57a7f0"},
		{"Gist.Revision", func() error { _, err := c.Gist.Revision(ctx, "g1", ""); return err },
			"error: Gist.Revision: parameter sha: a value is required"},
		{"Gist.Create", func() error { _, err := c.Gist.Create(ctx, files, nil); return err },
			`POST /gists {"files":{"hello.go":{"content":"package main"}},"public":"false"}`},
		{"Gist.Create", func() error {
			_, err := c.Gist.Create(ctx, files, &GistCreateParams{Description: "Hello, world", Public: "true"})
			return err
		}, `POST /gists {"files":{"hello.go":{"content":"package main"}},"description":"Hello, world","public":"true"}`},
		{"Gist.Edit", func() error { _, err := c.Gist.Edit(ctx, "g1", &GistEditParams{Description: "new"}); return err },
			`PATCH /gists/g1 {"description":"new"}`},
		{"Gist.Edit", func() error { _, err := c.Gist.Edit(ctx, "g1", nil); return err },
			`PATCH /gists/g1 {}`},
		{"Gist.Delete", func() error { _, err := c.Gist.Delete(ctx, "g1"); return err },
			"DELETE /gists/g1"},
		{"Gist.Star", func() error { _, err := c.Gist.Star(ctx, "g1"); return err },
			"PUT /gists/g1/star"},
		{"Gist.Unstar", func() error { _, err := c.Gist.Unstar(ctx, "g1"); return err },
			"DELETE /gists/g1/star"},
		{"Gist.IsStarred", func() error { _, err := c.Gist.IsStarred(ctx, "g 1"); return err },
			"GET /gists/g%201/star"},
		{"Gist.Comment.List", func() error { _, err := c.Gist.Comment.List(ctx, "g1"); return err },
			"GET /gists/g1/comments"},
		{"Gist.Comment.Get", func() error { _, err := c.Gist.Comment.Get(ctx, "g1", "c?1"); return err },
			"GET /gists/g1/comments/c%3F1"},
		{"Gist.Comment.Create", func() error { _, err := c.Gist.Comment.Create(ctx, "g1", "Nice & short"); return err },
			`POST /gists/g1/comments "Nice \u0026 short"`},
		{"Gist.Comment.Edit", func() error { _, err := c.Gist.Comment.Edit(ctx, "g1", "c1", "Edited"); return err },
			`PATCH /gists/g1/comments/c1 "Edited"`},
		{"Gist.Comment.Delete", func() error { _, err := c.Gist.Comment.Delete(ctx, "g1", "c1"); return err },
			"DELETE /gists/g1/comments/c1"},
		{"Gist.Fork.List", func() error { _, err := c.Gist.Fork.List(ctx, "g1", &GistForkListParams{PerPage: "5"}); return err },
			"GET /gists/g1/forks?per_page=5"},
		{"Gist.Fork.Create", func() error { _, err := c.Gist.Fork.Create(ctx, "g1"); return err },
			"POST /gists/g1/forks"},
		{"User.Gist.List", func() error { _, err := c.User.Gist.List(ctx, "octo cat", nil); return err },
			"GET /users/octo%20cat/gists"},
	}
	httprec.Run(t, s, "../../definitions/gist.json", cases)
}
