package crm

//go:generate go run github.com/apigen-go/apigen/cmd/apigen generate -o . --docs ../../definitions ../../definitions/crm.json
