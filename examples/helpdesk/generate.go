package helpdesk

//go:generate go run github.com/apigen-go/apigen/cmd/apigen generate -o . ../../definitions/helpdesk.json
