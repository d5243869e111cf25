module github.com/apigen-go/apigen

go 1.24

require github.com/tidwall/jsonc v0.3.3 // indirect
