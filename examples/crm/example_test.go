package crm_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/apigen-go/apigen/examples/crm"
)

func Example() {
	// A stand-in for the CRM server: it knows one customer.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("company_email") == "ada@example.com" {
			fmt.Fprint(w, `[{"name": "Ada"}]`)
			return
		}
		http.Error(w, "no match", http.StatusNotFound)
	}))
	defer srv.Close()

	c, err := crm.NewClient(srv.URL + "/api")
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()

	// The filter parameter names the query key: ?company_email=...
	resp, err := c.Customer.Search(ctx, &crm.CustomerSearchParams{Filter: crm.CustomerFilterCompanyEmail, Value: "ada@example.com"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(resp.Body))

	// A value outside the options is rejected before anything is sent.
	_, err = c.Deal.Move(ctx, "d1", "closed")
	var invalid *crm.ValidationError
	fmt.Println(errors.As(err, &invalid), invalid.Param)

	// A non-2xx answer is an *crm.Error.
	_, err = c.Customer.Search(ctx, &crm.CustomerSearchParams{Filter: crm.CustomerFilterName, Value: "Bob"})
	var apiErr *crm.Error
	fmt.Println(errors.As(err, &apiErr), apiErr.StatusCode)
	// Output:
	// [{"name": "Ada"}]
	// true stage
	// true 404
}
