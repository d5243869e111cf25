package helpdesk

//go:generate go run github.com/apigen-go/apigen/cmd/apigen generate --server --events -o . --docs ../../definitions ../../definitions/helpdesk.json
