package deftest

// HostileTexts are the table cases of the trust tests (in package
// generator and the targets) and the seeds of FuzzDefinitionText: text that tried, or could try, to become code,
// directives or markup.
var HostileTexts = []string{
	"x\n/**/ func init() { panic(\"injected\") }\n//go:generate echo PWNED",
	"/*", "*/", "*/ func init() {} /*", "\r", "\rfunc init() {}", "\r\n", "\u2028func init() {}", "\u2029", "\u0085x",
	"\u202e", "admin\u202e\u2066 // check\u2069\u2066", "\x00\x1b[31m\x7f", "\ufeff\u200b",
	"+build ignore", "\n+build ignore\n\npackage x", "\n//go:build ignore", "\n//line evil.go:1", "//export x",
	"\"+panic(1)+\"", "`", "```", "~~~", "\\", "\\\"", "'", "\"",
	"-->", "<!--", "<script>alert(1)</script>", "[x](https://evil.example)", "https://evil.example", "www.evil.example", "a@evil.example",
	"# Heading", "\n# Heading\n", "\n===\n", "\n---\n", "- item", "1. item", "> quote", "    code", "\n\n    code", "| a | b |\n|---|---|\n| c | d |",
	"*em* _em_ ~~s~~", "&#x202e;", "$x$", "[^1]", "\n[x]: https://evil.example\n",
	"Grüße", "票据", "+1", "-1", "a b", "type", "Client", "",
}
