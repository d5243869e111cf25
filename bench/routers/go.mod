module github.com/apigen-go/apigen/bench/routers

go 1.24

require (
	github.com/apigen-go/apigen v0.0.0
	github.com/go-chi/chi/v5 v5.5.0
)

require github.com/tidwall/jsonc v0.3.3 // indirect

replace github.com/apigen-go/apigen => ../..
