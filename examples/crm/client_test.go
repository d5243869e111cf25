package crm

import (
	"context"
	"testing"

	"github.com/apigen-go/apigen/internal/httprec"
)

// TestRequests calls every method of the definition and checks the exact
// request: method, request URI as sent and body. The base URL ends in '/'
// and has a path, and some endpoints are joined to it without a '/'.
func TestRequests(t *testing.T) {
	s := httprec.New(t)
	c, err := NewClient(s.URL + "/api/")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	customer := map[string]string{"name": "Ada"}
	cases := []httprec.Case{
		{"Customer.List", func() error { _, err := c.Customer.List(ctx, nil); return err },
			"GET /api/customers.json?state=all"},
		{"Customer.List", func() error {
			_, err := c.Customer.List(ctx, &CustomerListParams{State: StateVerified, Page: "2"})
			return err
		}, "GET /api/customers.json?state=verified&page=2"},
		{"Customer.Search", func() error {
			_, err := c.Customer.Search(ctx, &CustomerSearchParams{Filter: CustomerFilterCompanyEmail, Value: "ada@example.com"})
			return err
		}, "GET /api/customers/search.json?company_email=ada%40example.com"},
		// A value without the key it goes with would be dropped in silence.
		{"Customer.Search", func() error { _, err := c.Customer.Search(ctx, &CustomerSearchParams{Value: "ada"}); return err },
			"error: Customer.Search: parameter filter: a value is required when value is set: they form one query pair"},
		{"Customer.Search", func() error {
			_, err := c.Customer.Search(ctx, &CustomerSearchParams{Filter: CustomerFilterName})
			return err
		}, "error: Customer.Search: parameter value: a value is required when filter is set: they form one query pair"},
		{"Customer.Search", func() error { _, err := c.Customer.Search(ctx, nil); return err },
			"GET /api/customers/search.json"},
		{"Customer.Search", func() error {
			_, err := c.Customer.Search(ctx, &CustomerSearchParams{Filter: "address", Value: "x"})
			return err
		}, `error: Customer.Search: parameter filter: value "address" is not one of name, email, company_email, phone`},
		{"Customer.FilterCompany", func() error { _, err := c.Customer.FilterCompany(ctx, CustomerFilterPhone); return err },
			"GET /api/customers/filter/phone?format=json"},
		{"Customer.FilterCompany", func() error { _, err := c.Customer.FilterCompany(ctx, ""); return err },
			"error: Customer.FilterCompany: parameter filter: a value is required"},
		{"Customer.Get", func() error { _, err := c.Customer.Get(ctx, "c/1"); return err },
			"GET /api/customers/c%2F1?format=json"},
		{"Customer.Create", func() error { _, err := c.Customer.Create(ctx, customer, nil); return err },
			`POST /api/customers.json {"customer":{"name":"Ada"}}`},
		{"Customer.Create", func() error {
			_, err := c.Customer.Create(ctx, customer, &CustomerCreateParams{Tags: []string{"vip"}})
			return err
		}, `POST /api/customers.json {"customer":{"name":"Ada"},"tags":["vip"]}`},
		{"Customer.Update", func() error { _, err := c.Customer.Update(ctx, "1", customer); return err },
			`PUT /api/customers/1.json {"name":"Ada"}`},
		{"Customer.Merge", func() error { _, err := c.Customer.Merge(ctx, "1", 2); return err },
			`POST /api/customers/1/merge.json 2`},
		{"Customer.Address.List", func() error {
			_, err := c.Customer.Address.List(ctx, "1", &CustomerAddressListParams{Kind: CustomerAddressKindBilling})
			return err
		}, "GET /api/customers/1/addresses.json?kind=billing"},
		{"Customer.Address.Add", func() error { _, err := c.Customer.Address.Add(ctx, "1", "1 Main St", nil); return err },
			`POST /api/customers/1/addresses.json {"address":"1 Main St","kind":"shipping"}`},
		{"Company.List", func() error { _, err := c.Company.List(ctx, nil); return err },
			"GET /api/companies.json?state=all"},
		{"Company.Get", func() error { _, err := c.Company.Get(ctx, "acme"); return err },
			"GET /api/companies/acme.json"},
		{"Company.Employee.List", func() error { _, err := c.Company.Employee.List(ctx, "acme"); return err },
			"GET /api/companies/acme/employees.json"},
		{"Deal.List", func() error {
			_, err := c.Deal.List(ctx, &DealListParams{Stage: DealStageWon, OwnerID: "u 7"})
			return err
		}, "GET /api/deals.json?stage=won&owner=u+7"},
		{"Deal.Move", func() error { _, err := c.Deal.Move(ctx, "d1", DealStageProposal); return err },
			"PUT /api/deals/d1/stage/proposal"},
		{"Deal.Move", func() error { _, err := c.Deal.Move(ctx, "d1", "closed"); return err },
			`error: Deal.Move: parameter stage: value "closed" is not one of lead, qualified, proposal, won, lost`},
		{"Deal.Close", func() error { _, err := c.Deal.Close(ctx, "d1", nil); return err },
			`POST /api/deals/d1/close {"outcome":"won"}`},
		{"Deal.Close", func() error {
			_, err := c.Deal.Close(ctx, "d1", &DealCloseParams{Outcome: "lost", Note: "budget"})
			return err
		}, `POST /api/deals/d1/close {"outcome":"lost","note":"budget"}`},
	}
	httprec.Run(t, s, "../../definitions/crm.json", cases)
}
