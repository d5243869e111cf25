// Package generator holds apigen's output targets, one package each:
//
//   - golang: the Go package of a definition (the client; the server and
//     the events with their flags), and the naming pass that chooses every
//     Go name;
//   - markdown: the API documentation.
//
// A target is the last stage of the pipeline (parse -> model -> generate):
// a pure function from the model to file contents,
//
//	func Generate(api *model.API, opts Options) (map[string][]byte, diag.List)
//
// that never touches the disk (the CLI writes what it returns) and reports
// what it cannot express as positioned diagnostics. A new target is a new
// package here with that function, a Check for lint where it has rules of
// its own, and its golden files under testdata.
//
// This package itself holds the tests that concern every target: generated
// code compiles and vets for random definitions, and definition text cannot
// become code or markup in any output.
package generator
