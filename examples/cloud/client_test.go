package cloud

import (
	"context"
	"errors"
	"testing"

	"github.com/apigen-go/apigen/internal/httprec"
)

const (
	instance = "projects/my-project/zones/europe-west1-b/instances/web-1"
	op       = "zones/europe-west1-b/operations/op-42"
)

// TestRequests calls every method of the definition and checks the exact
// request: method, request URI as sent and body. Multi-segment names keep
// their '/' and nothing else of them changes the path; lists are sent as
// one pair per element; values that would change the path are refused
// before anything is sent.
func TestRequests(t *testing.T) {
	s := httprec.New(t)
	c, err := NewClient(s.URL + "/v1")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []httprec.Case{
		{"Instance.List", func() error { _, err := c.Instance.List(ctx, "my-project", "europe-west1-b", nil); return err },
			"GET /v1/projects/my-project/zones/europe-west1-b/instances"},
		{"Instance.List", func() error {
			_, err := c.Instance.List(ctx, "my-project", "europe-west1-b", &InstanceListParams{
				State:     []InstanceState{InstanceStateRunning, InstanceStateSuspended},
				Fields:    []InstanceFields{InstanceFieldsName, InstanceFieldsState},
				PageToken: "t&2",
			})
			return err
		}, "GET /v1/projects/my-project/zones/europe-west1-b/instances?state=running&state=suspended&fields=name&fields=state&page_token=t%262"},
		{"Instance.List", func() error {
			_, err := c.Instance.List(ctx, "p", "z", &InstanceListParams{State: []InstanceState{"running", "gone", ""}})
			return err
		}, `error: Instance.List: parameter state: element 1: value "gone" is not one of running, stopped, suspended`},
		{"Instance.Get", func() error { _, err := c.Instance.Get(ctx, instance, nil); return err },
			"GET /v1/projects/my-project/zones/europe-west1-b/instances/web-1"},
		{"Instance.Get", func() error {
			_, err := c.Instance.Get(ctx, "projects/p 1/zones/z?x=1#f/instances/%2F", &InstanceGetParams{Fields: []InstanceFields{InstanceFieldsLabels}})
			return err
		}, "GET /v1/projects/p%201/zones/z%3Fx=1%23f/instances/%252F?fields=labels"},
		{"Instance.Get", func() error { _, err := c.Instance.Get(ctx, "projects/p/../../admin", nil); return err },
			`error: Instance.Get: parameter name: value "projects/p/../../admin" has an empty, "." or ".." segment`},
		{"Instance.Get", func() error { _, err := c.Instance.Get(ctx, "projects//p", nil); return err },
			`error: Instance.Get: parameter name: value "projects//p" has an empty, "." or ".." segment`},
		{"Instance.Get", func() error { _, err := c.Instance.Get(ctx, "", nil); return err },
			"error: Instance.Get: parameter name: a value is required"},
		{"Instance.BatchGet", func() error {
			_, err := c.Instance.BatchGet(ctx, "p", "z", []string{"web-1", "web 2", "a&id=b"})
			return err
		},
			"GET /v1/projects/p/zones/z/instances:batchGet?id=web-1&id=web+2&id=a%26id%3Db"},
		{"Instance.BatchGet", func() error { _, err := c.Instance.BatchGet(ctx, "p", "z", nil); return err },
			"error: Instance.BatchGet: parameter ids: a value is required"},
		{"Instance.BatchGet", func() error { _, err := c.Instance.BatchGet(ctx, "p", "z", []string{"a", ""}); return err },
			"error: Instance.BatchGet: parameter ids: element 1 is empty"},
		{"Instance.Start", func() error { _, err := c.Instance.Start(ctx, instance); return err },
			"POST /v1/projects/my-project/zones/europe-west1-b/instances/web-1:start"},
		{"Instance.Stop", func() error { _, err := c.Instance.Stop(ctx, instance, &InstanceStopParams{Force: true}); return err },
			"POST /v1/projects/my-project/zones/europe-west1-b/instances/web-1:stop true"},
		{"Bucket.List", func() error {
			_, err := c.Bucket.List(ctx, "my-project", &BucketListParams{PageToken: "x"})
			return err
		},
			"GET /v1/projects/my-project/buckets?page_token=x"},
		{"Bucket.Object.List", func() error {
			_, err := c.Bucket.Object.List(ctx, "logs", &BucketObjectListParams{Prefix: "2026/", Include: []BucketObjectInclude{BucketObjectIncludeACL}})
			return err
		}, "GET /v1/b/logs/o?prefix=2026%2F&include=acl"},
		{"Bucket.Object.Get", func() error { _, err := c.Bucket.Object.Get(ctx, "logs", "2026/11/app.log", nil); return err },
			"GET /v1/b/logs/o/2026/11/app.log"},
		{"Bucket.Object.Get", func() error { _, err := c.Bucket.Object.Get(ctx, "logs", "2026/./app.log", nil); return err },
			`error: Bucket.Object.Get: parameter path: value "2026/./app.log" has an empty, "." or ".." segment`},
		{"Bucket.Object.Upload", func() error { _, err := c.Bucket.Object.Upload(ctx, "logs", "a b/c.txt", "hello"); return err },
			`PUT /v1/b/logs/o/a%20b/c.txt "hello"`},
		{"Bucket.Object.Delete", func() error { _, err := c.Bucket.Object.Delete(ctx, "logs", "2026/11/"); return err },
			`error: Bucket.Object.Delete: parameter path: value "2026/11/" has an empty, "." or ".." segment`},
		{"Bucket.Object.Delete", func() error { _, err := c.Bucket.Object.Delete(ctx, "logs", "2026/11/app.log"); return err },
			"DELETE /v1/b/logs/o/2026/11/app.log"},
		{"Operation.Get", func() error { _, err := c.Operation.Get(ctx, "my-project", op); return err },
			"GET /v1/projects/my-project/operations/zones/europe-west1-b/operations/op-42"},
		{"Operation.Cancel", func() error { _, err := c.Operation.Cancel(ctx, "my-project", op); return err },
			"POST /v1/projects/my-project/operations/zones/europe-west1-b/operations/op-42:cancel"},
		{"Operation.Wait", func() error { _, err := c.Operation.Wait(ctx, "my-project", op, nil); return err },
			"POST /v1/projects/my-project/operations/zones/europe-west1-b/operations/op-42:wait?timeout=30s"},
	}
	httprec.Run(t, s, "../../definitions/cloud.json", cases)
}

// TestEveryFailureAtOnce checks that a call reports each bad multi-segment
// value and each bad element of a list, as *ValidationError values.
func TestEveryFailureAtOnce(t *testing.T) {
	c, err := NewClient("http://127.0.0.1:1")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Instance.Get(context.Background(), "a/..", &InstanceGetParams{Fields: []InstanceFields{"x", "name", ""}})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v, want a *ValidationError", err)
	}
	want := `Instance.Get: parameter fields: element 0: value "x" is not one of name, zone, state, labels, created
Instance.Get: parameter fields: element 2 is empty
Instance.Get: parameter name: value "a/.." has an empty, "." or ".." segment`
	if err.Error() != want {
		t.Errorf("error:\n%v\nwant:\n%s", err, want)
	}
}
