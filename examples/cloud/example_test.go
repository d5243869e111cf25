package cloud_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/apigen-go/apigen/examples/cloud"
)

func Example() {
	// A stand-in for the cloud API that echoes the request it receives.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"request": %q}`, r.Method+" "+r.RequestURI)
	}))
	defer srv.Close()

	c, err := cloud.NewClient(srv.URL+"/v1", cloud.WithBearerToken("token"))
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	// A full resource name keeps its '/': it fills several path segments.
	resp, err := c.Instance.Get(ctx, "projects/my-project/zones/europe-west1-b/instances/web-1",
		// A list parameter sends one pair per element.
		&cloud.InstanceGetParams{Fields: []cloud.InstanceFields{cloud.InstanceFieldsName, cloud.InstanceFieldsState}})
	if err != nil {
		log.Fatal(err)
	}
	var echo struct{ Request string }
	if err := resp.Decode(&echo); err != nil {
		log.Fatal(err)
	}
	fmt.Println(echo.Request)

	// A value that would leave its segments is refused before sending.
	_, err = c.Operation.Cancel(ctx, "my-project", "zones/../../admin")
	fmt.Println(err)
	// Output:
	// GET /v1/projects/my-project/zones/europe-west1-b/instances/web-1?fields=name&fields=state
	// Operation.Cancel: parameter operation: value "zones/../../admin" has an empty, "." or ".." segment
}
