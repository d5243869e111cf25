package cloud

//go:generate go run github.com/apigen-go/apigen/cmd/apigen generate --server -o . --docs ../../definitions ../../definitions/cloud.json
