package cloud_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/apigen-go/apigen/examples/cloud"
)

// memoryCloud serves a few methods of the cloud API from memory: objects
// named by multi-segment paths ({+path}), instances listed by states
// ({state*}) and fetched by several IDs at once ({ids*}), operations
// cancelled by multi-segment names ({+operation}:cancel).
type memoryCloud struct {
	cloud.UnimplementedService

	mu        sync.Mutex
	objects   map[string]json.RawMessage // by bucket + "/" + path
	instances map[string]string          // the state of each instance, by ID
	cancelled []string
}

func (m *memoryCloud) BucketObjectUpload(ctx context.Context, req *cloud.BucketObjectUploadRequest) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.objects[req.Bucket+"/"+req.Path] = req.Data
	return nil, nil
}

func (m *memoryCloud) BucketObjectGet(ctx context.Context, req *cloud.BucketObjectGetRequest) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.objects[req.Bucket+"/"+req.Path]
	if !ok {
		return nil, cloud.Errorf(http.StatusNotFound, "no object %q in bucket %q", req.Path, req.Bucket)
	}
	return map[string]any{"path": req.Path, "data": data, "include": req.Include}, nil
}

func (m *memoryCloud) InstanceList(ctx context.Context, req *cloud.InstanceListRequest) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ids []string
	for _, id := range []string{"web-1", "web-2", "db-1"} {
		for _, s := range req.State {
			if m.instances[id] == string(s) {
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

func (m *memoryCloud) InstanceBatchGet(ctx context.Context, req *cloud.InstanceBatchGetRequest) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	states := make([]string, len(req.Ids))
	for i, id := range req.Ids {
		states[i] = m.instances[id]
	}
	return states, nil
}

func (m *memoryCloud) OperationCancel(ctx context.Context, req *cloud.OperationCancelRequest) (any, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cancelled = append(m.cancelled, req.Project+" "+req.Operation)
	return nil, nil
}

// TestServer drives a server of the cloud API with its client: values
// with '/' reach the service whole, lists with every element in order.
func TestServer(t *testing.T) {
	svc := &memoryCloud{objects: map[string]json.RawMessage{}, instances: map[string]string{"web-1": "running", "web-2": "stopped", "db-1": "suspended"}}
	srv := httptest.NewServer(cloud.NewHandler(svc, cloud.WithPathPrefix("/v1")))
	defer srv.Close()
	c, err := cloud.NewClient(srv.URL + "/v1")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	decode := func(resp *cloud.Response, err error, v any) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		if err := resp.Decode(v); err != nil {
			t.Fatal(err)
		}
	}

	const path = "logs/2026/a b?c#d%e.log"
	if _, err := c.Bucket.Object.Upload(ctx, "bk", path, map[string]int{"n": 1}); err != nil {
		t.Fatal(err)
	}
	var obj struct {
		Path    string
		Data    map[string]int
		Include []string
	}
	resp, err := c.Bucket.Object.Get(ctx, "bk", path, &cloud.BucketObjectGetParams{Include: []cloud.BucketObjectInclude{cloud.BucketObjectIncludeACL, cloud.BucketObjectIncludeMetadata}})
	decode(resp, err, &obj)
	if obj.Path != path || obj.Data["n"] != 1 || !reflect.DeepEqual(obj.Include, []string{"acl", "metadata"}) {
		t.Errorf("object %+v", obj)
	}
	if _, err := c.Bucket.Object.Get(ctx, "bk", "logs/2026", nil); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("a folder of the object: %v, want a 404", err)
	}

	var ids []string
	resp, err = c.Instance.List(ctx, "p", "z", &cloud.InstanceListParams{State: []cloud.InstanceState{cloud.InstanceStateSuspended, cloud.InstanceStateRunning}})
	decode(resp, err, &ids)
	if !reflect.DeepEqual(ids, []string{"web-1", "db-1"}) {
		t.Errorf("instances %q", ids)
	}
	var states []string
	resp, err = c.Instance.BatchGet(ctx, "p", "z", []string{"db-1", "web-2", "db-1"})
	decode(resp, err, &states)
	if !reflect.DeepEqual(states, []string{"suspended", "stopped", "suspended"}) {
		t.Errorf("states %q", states)
	}

	if _, err := c.Operation.Cancel(ctx, "p", "zones/z/operations/op-42"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"p zones/z/operations/op-42"}; !reflect.DeepEqual(svc.cancelled, want) {
		t.Errorf("cancelled %q, want %q", svc.cancelled, want)
	}
	if _, err := c.Instance.Start(ctx, "projects/p/zones/z/instances/web-2"); err == nil || !strings.Contains(err.Error(), "501") {
		t.Errorf("Instance.Start: %v, want a 501", err)
	}
}
