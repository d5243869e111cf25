module github.com/apigen-go/apigen

go 1.24
